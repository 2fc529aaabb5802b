"""Reading measurements CSV files: cells, their positions, and what makes a file unreadable."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from generator.load.csv_table import column_name, load_csv, parse_rows


def texts(text: str) -> list[list[str]]:
    return [[cell.text for cell in row] for row in parse_rows(text, "m.csv")]


def test_cells_keep_their_line_and_column() -> None:
    rows = parse_rows('a,b\n1,"x\ny",3\n\n4,5,6\n', "m.csv")
    assert [[(c.text, c.line, c.column) for c in row] for row in rows] == [
        [("a", 1, 1), ("b", 1, 3)],
        [("1", 2, 1), ("x\ny", 2, 3), ("3", 3, 4)],
        [("4", 5, 1), ("5", 5, 3), ("6", 5, 5)],
    ]


def test_quotes_commas_and_crlf() -> None:
    assert texts('a,"b,c","say ""hi"""\r\n,,x\r\n') == [["a", "b,c", 'say "hi"'], ["", "", "x"]]


def test_blank_rows_and_rows_of_empty_cells_are_skipped() -> None:
    assert texts("a,b\n\n,\n , \nc,d") == [["a", "b"], ["c", "d"]]


csv_cells = st.text(alphabet=st.sampled_from('ab ,"\n1-'), max_size=6)


@given(st.lists(st.lists(csv_cells, min_size=1, max_size=4), min_size=1, max_size=5))
def test_reads_what_the_csv_module_writes(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    wanted = [row for row in rows if any(cell.strip() for cell in row)]
    assert texts(out.getvalue()) == wanted


def test_header_names_are_normalized() -> None:
    assert column_name(" Issue category ") == "issue_category"
    assert column_name("listening-source") == "listening_source"


def test_a_document_of_rows_with_numbers_and_positions() -> None:
    raw = (
        "\ufeffJourney,Stage,Metric,Period,Value\nopen,join,csat,2026-Q1, 4.5 \nopen,join,,2026,x\n"
    )
    document, problems = load_csv(raw.encode(), "m.csv")
    assert problems == []
    assert document is not None
    assert [document.row(i) for i in range(len(document))] == [
        {"journey": "open", "stage": "join", "metric": "csat", "period": "2026-Q1", "value": 4.5},
        {"journey": "open", "stage": "join", "period": "2026", "value": "x"},
    ]
    assert document.at((1, "metric")).line == 3
    assert document.at((1, "metric")).column == 11
    assert document.key_at(("period",)).column == 22


def test_counts_are_whole_numbers_and_other_numbers_stay_floats() -> None:
    document, _ = load_csv(b"count,value\n12,3\n1.5,-2e1\n", "m.csv")
    assert document is not None
    assert [document.row(i) for i in range(len(document))] == [
        {"count": 12, "value": 3.0},
        {"count": 1.5, "value": -20.0},
    ]


def test_unreadable_files_say_where() -> None:
    cases = {
        b'a,b\n1,"2\n': (2, 3, "never closed"),
        b'a,b\n1,"2"x\n': (2, 6, "text follows a closing quote"),
        b"a,a\n": (1, 3, "named twice"),
        b"a,,b\n": (1, 3, "no name"),
        b"": (1, 1, "empty"),
        b"a,b\n\xff\n": (2, 1, "not UTF-8"),
        b"\xff\xfea\x00": (1, 1, "UTF-16"),
    }
    for raw, (line, column, words) in cases.items():
        document, problems = load_csv(raw, "m.csv")
        assert document is None, raw
        assert [(p.line, p.column) for p in problems] == [(line, column)], raw
        assert words in problems[0].message


def test_a_row_of_the_wrong_width_is_reported_and_left_out() -> None:
    document, problems = load_csv(b"a,b\n1,2,3\n4,5\n", "m.csv")
    assert document is not None
    assert [document.row(i) for i in range(len(document))] == [{"a": "4", "b": "5"}]
    assert [(p.code, p.line) for p in problems] == [("csv-syntax", 2)]
    assert "3 cells" in problems[0].message
