from dv_forum.cli import run

run()
