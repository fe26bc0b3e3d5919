"""Policy defaults of the exams app declared next to its code (R-EXAM-11).

The notice (内人社办发〔2021〕193号) fixes no gap between examiners; the figure below is the
spec's *(default)*, which the region administrator may change on the policy page.
"""

DEFAULTS = {
    # R-EXAM-11: examiners' totals of one candidate differing by more than this percentage of the
    # component's full marks (10 of 100) go to the session's chief examiner.
    "exams.examiner_gap_percent": 10,
}
