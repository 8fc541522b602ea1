"""``python -m summarize`` runs the CLI."""

from summarize.cli import main

if __name__ == "__main__":
    main()
