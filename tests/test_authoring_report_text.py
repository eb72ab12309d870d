"""How a report is read (`authoring.report.text`): paragraphs are lines, blank or not
between them; sentences are numbered within their paragraph; a first line that is not a
sentence is a headline."""

from __future__ import annotations

from dashboard.authoring.report.text import locate, paragraph_starts, word_runs

REPORT = (
    "Leaders meet in City P\n"
    "\n"
    "Premier E landed on Monday. She met President F.\n"
    "\n"
    "\n"
    "The two signed an accord.\n"
)


def test_paragraphs_are_lines_whether_blank_lines_or_line_breaks_part_them():
    spaced = [(s.paragraph, s.number, s.text) for s in locate(REPORT)]
    tight = [
        (s.paragraph, s.number, s.text)
        for s in locate(REPORT.replace("\n\n\n", "\n").replace("\n\n", "\n"))
    ]
    assert (
        spaced
        == tight
        == [
            (1, 1, "Leaders meet in City P"),
            (2, 1, "Premier E landed on Monday."),
            (2, 2, "She met President F."),
            (3, 1, "The two signed an accord."),
        ]
    )
    assert [s.locator for s in locate(REPORT)][1:3] == ["para 2, sentence 1", "para 2, sentence 2"]


def test_a_first_line_that_does_not_end_a_sentence_is_a_headline():
    assert [s.headline for s in locate(REPORT)] == [True, False, False, False]
    assert not any(s.headline for s in locate("Premier E landed.\nShe met President F.\n"))
    # A report of one line has no headline: its one line is its body.
    assert not locate("Premier E landed on Monday")[0].headline


def test_paragraph_starts_skip_lines_of_white_space():
    assert paragraph_starts("a\n  \nb\n\tc") == [0, 5, 7]


def test_word_runs_are_the_runs_of_words_a_copied_sentence_would_leave():
    runs = word_runs("One two three four five six seven eight nine.", 8)
    assert runs == {
        "one two three four five six seven eight",
        "two three four five six seven eight nine",
    }
    assert word_runs("Too short to count.", 8) == set()
