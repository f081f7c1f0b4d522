"""Normalise parsed rows: stable ``txn_id`` and the cleaned ``merchant_key`` used for matching
(the cleaning itself is ``recon.cleaner``)."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .cleaner import CLEANER_VERSION, clean_descriptor, clean_many, merchant_key, merchant_keys
from .schema import CANONICAL_COLUMNS, PARSED_COLUMNS, date_texts

__all__ = ["CLEANER_VERSION", "clean_descriptor", "clean_many", "merchant_key", "merchant_keys",
           "normalise", "txn_ids"]


def txn_ids(frame: pd.DataFrame) -> pd.Series:
    """Stable ids: the bank's FITID where there is one, else the row's content.

    Identical rows in one file are told apart by their occurrence index, so re-importing a
    file (or an overlapping one) maps each row to the id it had, and two genuine identical
    charges keep two ids.
    """
    if frame.empty:
        return pd.Series([], dtype="object", index=frame.index)
    sep = "\x1f"
    account = _arrow_text(frame["account"])
    ref = _arrow_text(frame["ref"].fillna(""))
    content = pc.binary_join_element_wise(
        "content", account, pa.array(date_texts(frame["posted_date"]), pa.string()),
        pa.array(frame["amount_minor"].to_numpy(dtype=np.int64)).cast(pa.string()),
        _arrow_text(frame["currency"]), _arrow_text(frame["description_raw"]), sep)
    use_ref = pc.and_(pc.equal(_arrow_text(frame["parser"]), "ofx"), pc.not_equal(ref, ""))
    key = pc.if_else(use_ref, pc.binary_join_element_wise("fitid", account, ref, sep), content)
    codes, _ = pd.factorize(key.to_numpy(zero_copy_only=False))
    occurrence = pd.Series(codes).groupby(codes).cumcount().to_numpy(dtype=np.int64)
    keys = pc.binary_join_element_wise(key, pa.array(occurrence).cast(pa.string()), sep)
    sha256 = hashlib.sha256
    return pd.Series([sha256(k).hexdigest()[:20] for k in keys.cast(pa.binary()).to_pylist()],
                     index=frame.index, dtype=object)  # the UTF-8 bytes, as arrow holds them


def _arrow_text(column: pd.Series) -> pa.Array:
    """A column as arrow strings, each value as ``str()`` makes it (like ``astype(str)``)."""
    return pa.array(column.astype(str), pa.string())


def normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``txn_id`` and ``merchant_key`` to parsed rows; returns canonical columns."""
    out = frame[list(PARSED_COLUMNS)].copy()
    if out.empty:
        out["txn_id"] = txn_ids(out)
        out["merchant_key"] = pd.Series(dtype="object")
        return out[list(CANONICAL_COLUMNS)]
    # the keys are cleaned by pyarrow kernels that release the GIL: the ids are hashed
    # (Python) meanwhile
    with ThreadPoolExecutor(1) as pool:
        keys = pool.submit(merchant_keys, out["description_raw"])
        ids = txn_ids(out)
        out["merchant_key"] = keys.result()
    out["txn_id"] = ids
    return out[list(CANONICAL_COLUMNS)]
