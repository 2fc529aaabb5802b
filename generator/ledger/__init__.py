"""The one way the tool knows what changed: the catalog's files by content digest
(`Ledger`), what each produced (`Memo`: documents, journeys, rule findings, index parts,
table rows), and, from their digests, the key of every group of pages (`keys.py`); a group
whose key is already in the ledger (`PageStore`, or the pages of the last round) is not
made again. `document_store.py` and `page_store.py` keep the ledger on disk between runs.
"""

from generator.ledger.ledger import Ledger
from generator.ledger.memo import Memo, made

__all__ = ["Ledger", "Memo", "made"]
