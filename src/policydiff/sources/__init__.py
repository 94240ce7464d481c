"""Where input bytes come from: files (in `readers`) and git repositories (`sources.git`)."""
