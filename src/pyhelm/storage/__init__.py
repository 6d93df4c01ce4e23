"""Release storage (Helm ``pkg/storage``): :class:`Storage` over pluggable drivers."""

from pyhelm.storage.driver import (
    Driver,
    InvalidKeyError,
    NoDeployedReleasesError,
    ReleaseExistsError,
    ReleaseNotFoundError,
    StorageError,
    driver_from_env,
    new_driver,
)
from pyhelm.storage.storage import HELM_STORAGE_TYPE, Storage, make_key

__all__ = [
    "HELM_STORAGE_TYPE",
    "Driver",
    "InvalidKeyError",
    "NoDeployedReleasesError",
    "ReleaseExistsError",
    "ReleaseNotFoundError",
    "Storage",
    "StorageError",
    "driver_from_env",
    "make_key",
    "new_driver",
]
