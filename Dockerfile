# The FOI search app (ingest + UI). Build: docker compose build app
FROM python:3.11-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr poppler-utils libmagic1 libreoffice-writer-nogui libreoffice-impress-nogui curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY scripts/constraints.txt scripts/constraints.txt
COPY core core
COPY cli cli
COPY ingest ingest
COPY search search
COPY api api
COPY ui ui
# CPU torch first, from PyTorch's CPU index: otherwise pip pulls a CUDA build of several GB.
RUN pip install --no-cache-dir "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu \
    && pip install --no-cache-dir -c scripts/constraints.txt ".[all]" \
    && pip install --no-cache-dir --no-deps "unstructured-inference>=1.6.12,<2"

ENV HF_HUB_OFFLINE=1 DO_NOT_TRACK=1
EXPOSE 8501 8000
CMD ["foi", "--help"]
