"""Speech to words with times: the engine protocol, faster-whisper, the optional openai-whisper engine, model files."""
