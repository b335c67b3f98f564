"""The services knowledge base: sourced, dated, and in step with services.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hulpwijzer.services import KNOWLEDGE, services

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "knowledge" / "services.md"


def test_every_service_is_sourced_and_dated() -> None:
    catalogue = services()
    assert len(catalogue) == 12
    for service in catalogue.values():
        assert service.source and service.confidence, service.id
        assert service.checked == "2026-11-23"


def test_unverified_hours_are_not_shown() -> None:
    assert services()["kindertelefoon"].phone_hours.text() is None
    assert services()["veilig_thuis"].phone_hours.text() == "dag en nacht"


def test_generated_file_is_up_to_date(tmp_path: Path) -> None:
    if not SOURCE.exists():
        pytest.skip("../shared/knowledge/services.md is not next to this checkout")
    out = tmp_path / "services.yml"
    subprocess.run([sys.executable, "-m", "hulpwijzer_tools.knowledge.build_services", "--out",
                    str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (KNOWLEDGE / "services.yml").read_text("utf-8")
    for number in ("0800-2000", "0800-0188", "0800-0432", "0900-8844", "0800-7000"):
        assert number in SOURCE.read_text(encoding="utf-8")
