"""Browser tests: the real server in Debian's chromium, for what AppTest cannot see."""
