"""Reading measurements CSV files: cells, their positions, and what makes a file unreadable."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.diagnostics import Location
from generator.load import csv_table
from generator.load.csv_table import CsvTable, column_name, load_csv, parse_rows


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
    table, _ = load_csv(b'a,b\n"x","y"\n" "," "\n"z","w"\n', "m.csv")
    assert table is not None
    assert [table.row(i) for i in range(len(table))] == [{"a": "x", "b": "y"}, {"a": "z", "b": "w"}]


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


def every_cell(table: CsvTable) -> list[list[tuple[str, int, int]]]:
    """Each row's cells as the table gives them: text, then line and column as found again."""
    return [
        [
            (str(table.value(name, row) or ""), *_place(table.at((row, name))))
            for name in table.names
        ]
        for row in range(len(table))
    ]


def _place(location: Location) -> tuple[int, int]:
    return location.line, location.column


def test_a_table_finds_the_exact_place_of_every_cell() -> None:
    text = '\ufeffa,b,c\r\n1,2,3\r\n4,"five\nlines\r\nlater",6\r\n\r\n 7 ,"8,""9""",10\n11,12,13'
    table, problems = load_csv(text.encode(), "m.csv")
    assert problems == []
    assert table is not None
    assert every_cell(table) == [
        [("1", 2, 1), ("2", 2, 3), ("3", 2, 5)],
        [("4", 3, 1), ("five\nlines\r\nlater", 3, 3), ("6", 5, 8)],
        [("7", 7, 1), ('8,"9"', 7, 5), ("10", 7, 15)],
        [("11", 8, 1), ("12", 8, 4), ("13", 8, 7)],
    ]
    assert table.at((1,)) == Location("m.csv", 3, 1)
    assert table.key_at(("c",)) == Location("m.csv", 1, 5)


cells_of_a_row = st.lists(st.text(alphabet=st.sampled_from('ab ,"\n\r1-'), max_size=5),
                          min_size=3, max_size=3)  # fmt: skip


@given(
    st.lists(cells_of_a_row, min_size=1, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from([1, 7, 64]),
)
def test_a_table_reads_what_the_cell_by_cell_reader_reads(
    rows: list[list[str]], newline: str, chunk: int
) -> None:
    """Whatever the chunks the text is split into, quoted or plain, every cell of a table
    has the text and position that reading the file cell by cell gives it."""
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows([["a", "b", "c"], *rows])
    text = out.getvalue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_table, "_CHUNK", chunk)
        table, problems = load_csv(text.encode(), "m.csv")
    assert table is not None
    wanted = [
        [(c.text.strip(), c.line, c.column) for c in row]
        for row in parse_rows(text, "m.csv")[1:]
        if len(row) == 3
    ]
    assert every_cell(table) == wanted
    assert len(problems) == sum(1 for row in parse_rows(text, "m.csv")[1:] if len(row) != 3)


def test_many_rows_of_the_wrong_width_are_counted_after_the_first_ten() -> None:
    raw = "a,b\n" + "1,2,3\n" * 25 + "4,5\n"
    table, problems = load_csv(raw.encode(), "m.csv")
    assert table is not None and len(table) == 1
    assert [(p.line, p.message) for p in problems] == [
        *((line, "row has 3 cells but the header names 2 columns") for line in range(2, 12)),
        (12, "... and 15 more rows with the same problem"),
    ]
