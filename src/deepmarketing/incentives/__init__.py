"""Incentives: crediting sales to the people who earned them, plan components, statements.

Management by objectives ends in rewards (考核与激励): results are credited to the people
and teams who earned them (:func:`credit`, giving a :class:`CreditLedger`), then
plans turn credited results into pay.
"""

from deepmarketing.incentives._crediting import Credit as Credit
from deepmarketing.incentives._crediting import CreditLedger as CreditLedger
from deepmarketing.incentives._crediting import Split as Split
from deepmarketing.incentives._crediting import Transaction as Transaction
from deepmarketing.incentives._crediting import TransactionKind as TransactionKind
from deepmarketing.incentives._crediting import credit as credit

__all__ = [
    "Credit",
    "CreditLedger",
    "Split",
    "Transaction",
    "TransactionKind",
    "credit",
]
