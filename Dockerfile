# nnlab: one container serving the lab on port 8000.
#   docker build -t nnlab .
#   docker run -p 8000:8000 nnlab
# Settings come from environment variables prefixed NNLAB_ (docker run -e NNLAB_...=...).

# A full version tag (never `latest`), so a rebuild gets the same Python and Debian release.
FROM python:3.11.14-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    OPENBLAS_NUM_THREADS=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# Dependencies get their own layer, so editing the source does not reinstall them.
# Why only the dependencies and not `pip install .`: a non-editable install would copy the packages
# app and nnlib into site-packages, but templates/ and static/ live beside them at the repo top level,
# and the app finds them relative to the repo root. So the list of dependencies is read straight from
# pyproject.toml (tomllib is in the standard library) and the code runs from the source tree in /app
# (uvicorn puts its working directory first on sys.path; PYTHONPATH=/app does the same for `python`).
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY app/ ./app/
COPY nnlib/ ./nnlib/
COPY templates/ ./templates/
COPY static/ ./static/

# Never serve as root. The files stay owned by root, so the server cannot rewrite its own code.
# A numeric USER lets Kubernetes' runAsNonRoot check it without reading /etc/passwd.
RUN groupadd --system --gid 10001 nnlab \
    && useradd --system --no-log-init --no-create-home --uid 10001 --gid nnlab nnlab \
    && mkdir /data && chown 10001:10001 /data
# Saved scenes (SQLite) survive a new container when /data is a volume: docker run -v nnlab-data:/data ...
ENV NNLAB_DATA_DIR=/data
VOLUME ["/data"]
USER 10001:10001

EXPOSE 8000

# The slim image has no curl: ask /healthz with Python's own urllib (urlopen raises on a non-2xx answer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# 0.0.0.0: inside a container the port is reached from outside the loopback interface.
# No --proxy-headers flag: uvicorn already reads X-Forwarded-* by default, trusting only 127.0.0.1.
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
