; Inno Setup script for the Windows installer of dv-forum (Inno Setup 6).
; Build the bundle first (packaging\README.md, "Windows"), then from the project root:
;   iscc /DAppVersion=0.1.0 packaging\windows\dv-forum.iss
; Output: dist\DV-Forum-Setup-<version>.exe
; Per-user install (no administrator rights): %LOCALAPPDATA%\Programs\DV Forum.
; The vault (%LOCALAPPDATA%\dv-forum\vault) is never installed, changed or removed by this script.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C2B8E-4D1A-4C55-9B1E-2E8D7A5C0F31}
AppName=DV Forum
AppVersion={#AppVersion}
AppPublisher=DV Forum
DefaultDirName={autopf}\DV Forum
DefaultGroupName=DV Forum
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=DV-Forum-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\dv-forum.ico
UninstallDisplayIcon={app}\dv-forum-app.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\LICENSE
; Code signing: define a sign tool named "signtool" in the Inno Setup IDE (Tools > Configure Sign
; Tools), e.g.  signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 /a $f
; then uncomment:
; SignTool=signtool
; SignedUninstaller=yes

[Files]
Source: "..\..\dist\dv-forum\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\DV Forum"; Filename: "{app}\dv-forum-app.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\DV Forum"; Filename: "{app}\dv-forum-app.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\dv-forum-app.exe"; Description: "Start DV Forum"; Flags: nowait postinstall skipifsilent
