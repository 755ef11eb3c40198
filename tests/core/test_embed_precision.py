"""The torch encoder in bfloat16: where the CPU multiplies bfloat16 matrices natively, `auto`
embeds in bf16, and its vectors must stand in for fp32's (same model name, same index)."""

from __future__ import annotations

import numpy as np
import pytest

from core.embed import BF16_MIN_COSINE, SentenceTransformerEncoder, cpu_has_bf16_units, make_encoder
from core.errors import SettingsError
from core.settings import Settings

LETTER = (
    "Thank you for your request for information received on 3 March. The force can confirm that it holds "
    "information relevant to your request. However, the information is exempt from disclosure under "
    "section 31(1)(a) and (b) of the Freedom of Information Act 2000, as its release would be likely to "
    "prejudice the prevention or detection of crime and the apprehension or prosecution of offenders. "
)
TEXTS = [
    "s40(2)",
    "neither confirm nor deny",
    "We do not hold the information you asked for about speed cameras on the A41.",
    "Dear Ms Patel, please find attached the contract for the waste collection vehicles. Yours sincerely",
    LETTER * 3,  # past 256 word pieces: truncated, as ingestion's longest chunks are
]


def test_bf16_vectors_stand_in_for_fp32(encoder: SentenceTransformerEncoder) -> None:
    fp32 = SentenceTransformerEncoder(precision="fp32")
    bf16 = SentenceTransformerEncoder(precision="bf16")
    reference, vectors = fp32.encode(TEXTS), bf16.encode(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = (vectors * reference).sum(axis=1)
    assert cosine.min() >= BF16_MIN_COSINE, cosine
    assert not np.array_equal(vectors, reference), "bf16 was not used"
    assert fp32.name == bf16.name == encoder.name


def test_auto_is_bf16_only_on_a_cpu_with_bfloat16_units() -> None:
    auto = make_encoder(Settings())
    assert isinstance(auto, SentenceTransformerEncoder)
    assert auto.precision == ("bf16" if cpu_has_bf16_units() else "fp32")
    forced = make_encoder(Settings(embedding_precision="fp32"))
    assert isinstance(forced, SentenceTransformerEncoder) and forced.precision == "fp32"


def test_a_precision_setting_that_cannot_apply_is_refused() -> None:
    with pytest.raises(SettingsError, match="FOI_EMBEDDING_PRECISION='fp16' is not one of auto, fp32, bf16"):
        Settings.from_env({"FOI_EMBEDDING_PRECISION": "fp16"})
    with pytest.raises(SettingsError, match="FOI_EMBEDDING_PRECISION=bf16 applies to FOI_EMBEDDING_BACKEND=torch"):
        Settings.from_env({"FOI_EMBEDDING_PRECISION": "bf16", "FOI_EMBEDDING_BACKEND": "onnx-int8"})


def test_auto_stays_fp32_where_bf16_vectors_stray(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A CPU whose bfloat16 falls short of the cosine bar (here: a bar no rounding can meet) embeds in fp32."""
    import core.embed

    monkeypatch.setattr(core.embed, "BF16_MIN_COSINE", 1.000001)
    auto = SentenceTransformerEncoder()
    assert auto.precision == "fp32"
    if cpu_has_bf16_units():
        assert "embedding in fp32: this CPU's bfloat16 vectors reach only cosine" in caplog.text
