"""Domain events of the intake (D4), handled in one place each (letters, pathways, …).

``decision_recorded`` is sent after the transaction that stored a decision has committed, with
``decision`` (an ``intake.Decision``). The letters app produces the decision letters from it.
"""

from django.dispatch import Signal

decision_recorded = Signal()
