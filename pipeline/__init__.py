"""sanaq: named entities and numeric claims from Russian and Kazakh news."""
__version__ = "0.1.0"

import warnings

# natasha's pymorphy2 imports pkg_resources, which warns on every start; nothing to act on.
warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
