"""Case referrals: DASH instruments, linkage keys, the repeat engine and the referral service."""
