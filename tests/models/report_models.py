#!/usr/bin/env python3
"""Runs `hwc report` on every shared model for all three targets.

For each model: the JSON report validates against docs/report.schema.json,
every node that does not map natively names a rule with a reason and a hint
(no "unknown reason" anywhere), the text, Markdown and HTML renderings are
produced, and --fallback=host turns every "not mappable" into a fallback.
Exits 77 (ctest SKIPPED) when the models folder is absent.
"""

import argparse
import json
import os
import subprocess
import sys

import jsonschema


def run(hwc, args):
    return subprocess.run([hwc, "report", *args], capture_output=True, text=True)


def check_model(hwc, schema, path):
    problems = []
    result = run(hwc, [path, "--format=json"])
    if result.returncode not in (0, 10, 20):
        return [f"exit {result.returncode}: {result.stderr.strip()}"]
    report = json.loads(result.stdout)
    try:
        jsonschema.validate(report, schema)
    except jsonschema.ValidationError as error:
        problems.append(f"schema: {error.message} at {list(error.absolute_path)}")
    if report["exit_code"] != result.returncode:
        problems.append(f"exit_code {report['exit_code']} != process exit {result.returncode}")
    for node in report["nodes"]:
        for target, cell in node["targets"].items():
            if cell["mapping"] == "Native":
                continue
            if not cell["rule"] or not cell["reason"] or not cell["hint"]:
                problems.append(f"{target}: node {node['name']!r} is {cell['mapping']} without a rule, reason and hint")
            reason = (cell["reason"] or "").lower()
            if "unknown reason" in reason or "unspecified" in reason:
                problems.append(f"{target}: node {node['name']!r} has an unknown reason")
    for fmt, marker in (("text", "what would it take:"), ("md", "## Nodes"), ("html", "<svg id=\"mapped-share\"")):
        rendered = run(hwc, [path, f"--format={fmt}"])
        if marker not in rendered.stdout:
            problems.append(f"--format={fmt} lacks {marker!r}")
    fallback = run(hwc, [path, "--format=json", "--fallback=host"])
    if fallback.returncode == 20:
        problems.append("--fallback=host still exits 20")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hwc", required=True)
    parser.add_argument("--models", required=True)
    parser.add_argument("--schema", required=True)
    args = parser.parse_args()
    if not os.path.isdir(args.models):
        print(f"SKIPPED: {args.models} not found")
        return 77
    with open(args.schema) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    names = sorted(n for n in os.listdir(args.models)
                   if os.path.isfile(os.path.join(args.models, n, "model.onnx")))
    failed = 0
    for name in names:
        problems = check_model(args.hwc, schema, os.path.join(args.models, name, "model.onnx"))
        print(f"{'FAIL' if problems else 'PASS'}: {name}")
        for problem in problems[:10]:
            print(f"    {problem}")
        failed += bool(problems)
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
