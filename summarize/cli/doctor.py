"""``summarize doctor``: what is installed, which ``--to`` targets work, what the runtime is."""

from __future__ import annotations

from pathlib import Path

from summarize.cli import options as opts
from summarize.cli.common import print_json, size, user_errors


def doctor_command(models_dir: opts.ModelsDir = None, as_json: opts.AsJson = False) -> None:
    """What is installed, which --to targets work from which sources, and what would need the network."""
    with user_errors():
        from summarize.doctor import doctor

        report = doctor(Path(models_dir) if models_dir else None)
        if as_json:
            print_json(report.to_dict())
            return
        state = "writable" if report.store_writable else ("read-only" if report.store_exists else "not created yet")
        print(f"model store: {report.store_dir} ({report.store_origin}; {state})")
        for extra in report.extra_dirs:
            print(f"also read:   {extra}")
        print(f"models:      {len(report.models)} installed")
        for m in report.models:
            print(f"  {m.source}→{m.target}  {m.version}  {size(m.size)}  {m.path}")
        print("translation routes (--to):")
        if not report.routes:
            print("  none: only --to none, or a target equal to the source, works")
        for source, targets in sorted(report.routes.items()):
            parts = [
                f"{t} ({'direct' if len(r) == 2 else 'via ' + '→'.join(r[1:-1])})" for t, r in sorted(targets.items())
            ]
            print(f"  from {source}: " + ", ".join(parts))
        print("network:     not needed on the default path")
        for note in report.network_notes:
            print(f"  {note}")
        decoding = report.decoding
        if "compute_type" in decoding:
            own = " (each package's own)" if decoding["compute_type"] == "auto" else ""
            print(
                f"decoding:    compute type {decoding['compute_type']}{own} [{decoding['compute_type_origin']}], "
                f"beam {decoding.get('beam_size', '?')} [{decoding.get('beam_size_origin', '?')}]"
            )
        versions = ", ".join(f"{k} {v}" for k, v in report.versions.items() if v)
        print(f"versions:    {versions}; CUDA devices: {report.cuda_devices}")
        for problem in report.problems:
            print(f"problem:     {problem}")
