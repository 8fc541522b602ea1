"""The translation model store, shared with Argos Translate.

Installed packages live exactly where ``argospm`` and LibreTranslate put them,
so models a newsroom already has just work, and ours are visible to them.
``paths`` finds the folder by Argos's rules without importing argostranslate;
``installed`` reads what is there and routes a pair through it; ``checks``,
``installer`` and ``index`` (with ``download``) put new packages in, atomically,
and only ``index`` may use the network.  Every public name is importable from
``summarize.store`` itself.
"""

from __future__ import annotations

from summarize.store.checks import MAX_RATIO, MAX_UNPACKED_BYTES, RATIO_FLOOR, Limits, check_model_bin
from summarize.store.index import (
    DEFAULT_DEADLINE,
    DEFAULT_PACKAGE_INDEX,
    DEFAULT_TIMEOUT,
    TRIES_PER_LINK,
    AvailableModel,
    PackageIndex,
    available,
    index_location,
    install_from_index,
    package_index_url,
    read_index,
)
from summarize.store.installed import (
    ARGOS_CODES,
    FALLBACK_CODES,
    PIVOT,
    InstalledModel,
    all_routes,
    argos_code,
    install_hint,
    list_models,
    model_codes,
    read_metadata,
    route,
    scan_folder,
    translation_models,
)
from summarize.store.installer import (
    LOCK_NAME,
    STAGING_SUFFIX,
    STALE_SECONDS,
    InstallResult,
    install,
    install_file,
    remove,
    staging_dir,
)
from summarize.store.paths import (
    OLD_PREFIX,
    TMP_PREFIX,
    StoreLocation,
    argos_cached_index,
    argos_settings_file,
    get_setting,
    locate,
    package_dirs,
    packages_dir,
)

__all__ = [
    "ARGOS_CODES",
    "DEFAULT_DEADLINE",
    "DEFAULT_PACKAGE_INDEX",
    "DEFAULT_TIMEOUT",
    "FALLBACK_CODES",
    "LOCK_NAME",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "OLD_PREFIX",
    "PIVOT",
    "RATIO_FLOOR",
    "STAGING_SUFFIX",
    "STALE_SECONDS",
    "TMP_PREFIX",
    "TRIES_PER_LINK",
    "AvailableModel",
    "InstallResult",
    "InstalledModel",
    "Limits",
    "PackageIndex",
    "StoreLocation",
    "all_routes",
    "argos_cached_index",
    "argos_code",
    "argos_settings_file",
    "available",
    "check_model_bin",
    "get_setting",
    "index_location",
    "install",
    "install_file",
    "install_from_index",
    "install_hint",
    "list_models",
    "locate",
    "model_codes",
    "package_dirs",
    "package_index_url",
    "packages_dir",
    "read_index",
    "read_metadata",
    "remove",
    "route",
    "scan_folder",
    "staging_dir",
    "translation_models",
]
