"""Chart downloading (Helm ``pkg/downloader``): resolve references, fetch archives, locate charts."""

from pyhelm.downloader.chart_downloader import (
    VERIFY_ALWAYS,
    VERIFY_IF_POSSIBLE,
    VERIFY_LATER,
    VERIFY_NEVER,
    ChartDownloader,
    DownloadError,
    locate_chart,
    verify_chart,
)

__all__ = [
    "ChartDownloader", "DownloadError", "VERIFY_ALWAYS", "VERIFY_IF_POSSIBLE", "VERIFY_LATER",
    "VERIFY_NEVER", "locate_chart", "verify_chart",
]  # fmt: skip
