"""The parser on the real document and on small, hand-made inputs."""

from __future__ import annotations

import pytest
from guide_testing import SOURCE

from studyguide.errors import GuideError
from studyguide.inputs.source import decode_source, merge_duplicates, parse_document, parse_line
from studyguide.model import CodeBlock, KeyPoint, Paragraph, Subheading
from studyguide.outputs.pages import escape_markdown, render_inline


@pytest.fixture(scope="module")
def questions():
    text = SOURCE.read_text(encoding="utf-8")
    return merge_duplicates(parse_document(text, "source"), "source")


def test_real_document_has_62_unique_questions(questions):
    assert len(questions) == 62
    assert sorted(n for q in questions for n in q.numbers) == list(range(1, 63))


def test_question_24_keeps_both_copies(questions):
    (q24,) = [q for q in questions if 24 in q.numbers]
    assert q24.numbers == (24,) and q24.lines == (205, 211)
    # The first printing is the answer shown; the second is kept whole, as printed, with its line.
    assert [p.text for p in q24.answer] == [
        "Learning rate schedules adjust the learning rate during training, improving convergence and "
        "performance, with techniques like cosine decay and warm-up phases."
    ]
    assert [k.term for k in q24.blocks if isinstance(k, KeyPoint)] == ["Improved Convergence"]
    (copy,) = q24.copies
    assert copy.line == 211 and copy.number == 24
    assert copy.blocks[0] == Paragraph(
        "Learning rate schedules adjust the learning rate during training to improve convergence and performance.", 213
    )
    assert [(k.term, k.line) for k in copy.blocks if isinstance(k, KeyPoint)] == [
        ("Cosine Decay", 215),
        ("Warm-Up Phases", 217),
    ]
    # Everything printed is still reachable: key points of every printing, in order.
    assert [k.term for k in q24.key_points] == ["Improved Convergence", "Cosine Decay", "Warm-Up Phases"]


def test_every_question_has_title_and_content(questions):
    for question in questions:
        assert question.title and question.blocks, question.number
        assert question.answer or question.key_points or any(isinstance(b, CodeBlock) for b in question.blocks)


def test_titles_and_lines(questions):
    by_number = {q.number: q for q in questions}
    assert by_number[1].title == "What are Large Language Models (LLMs) and how do they work?"
    assert by_number[1].line == 1
    assert by_number[62].title == "Explain the concept of zero-shot and few-shot learning in LLMs."
    assert by_number[39].title == "Implement a simple transformer block using PyTorch or"


def test_two_code_samples(questions):
    codes = {q.number: [b for b in q.blocks if isinstance(b, CodeBlock)] for q in questions}
    assert {n for n, c in codes.items() if c} == {38, 39}
    assert 'GPT2Tokenizer.from_pretrained("gpt2")' in codes[38][0].code
    assert "return tokensinput_text" in codes[38][0].code  # the source's broken line, kept verbatim
    assert "class TransformerBlock(nn.Module):" in codes[39][0].code


def test_structure_of_question_1(questions):
    q1 = questions[0]
    kinds = [type(b) for b in q1.blocks]
    assert kinds[:3] == [Paragraph, Subheading, KeyPoint]
    assert [b.text for b in q1.blocks if isinstance(b, Subheading)] == [
        "Core Components and Operation",
        "Training Mechanism",
    ]
    underlined = [k.term for k in q1.key_points if k.underlined]
    assert underlined == ["Transformer Architecture", "Vocabulary and Tokenization"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dropout: Randomly drops units.", KeyPoint("Dropout", "Randomly drops units.", False, 1)),
        ("<u>Perplexity:</u> Measures uncertainty.", KeyPoint("Perplexity", "Measures uncertainty.", True, 1)),
        ("<u>Model Adjustment</u>: Fine-tune it.", KeyPoint("Model Adjustment", "Fine-tune it.", True, 1)),
        ("Byte Pair Encoding (BPE): Merges pairs.", KeyPoint("Byte Pair Encoding (BPE)", "Merges pairs.", False, 1)),
        ("Advantages:", Subheading("Advantages", 1)),
        ("The stages are as,", Paragraph("The stages are as,", 1)),
        ("Note that e.g. this: is prose.", Paragraph("Note that e.g. this: is prose.", 1)),
        ("<u>Unclosed: underline", Paragraph("<u>Unclosed: underline", 1)),
    ],
)
def test_parse_line(line, expected):
    assert parse_line(line, 1) == expected


BAD_INPUTS = [
    ("", 1, "empty"),
    ("\n\n   \n", 1, "empty"),
    ("Just some prose.\nAnd more.\n", 1, "text before the first question"),
    ("1. Lonely title?\n\n2. Next?\n\nAn answer.\n", 1, "neither an answer nor key points"),
    ("1. Code?\n\n```\nprint(1)\n", 3, "never closed"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_INPUTS)
def test_bad_input_is_located(text, line, message):
    with pytest.raises(GuideError) as info:
        parse_document(text, "doc.txt")
    assert info.value.line == line
    assert message in info.value.message
    assert str(info.value).startswith(f"doc.txt:{line}: error:")


def test_same_number_for_two_questions_is_an_error():
    questions = parse_document("1. A?\n\nAnswer.\n\n1. B?\n\nOther.\n", "doc.txt")
    with pytest.raises(GuideError, match="used twice"):
        merge_duplicates(questions, "doc.txt")


def test_invalid_utf8_and_binary_are_located():
    with pytest.raises(GuideError) as info:
        decode_source(b"1. Q?\n\nA \xff answer.\n", "doc.txt")
    assert info.value.line == 3 and "UTF-8" in info.value.message
    with pytest.raises(GuideError) as info:
        decode_source(b"1. Q?\n\x00\x01\x02", "doc.txt")
    assert info.value.line == 2 and "binary" in info.value.message


def test_html_is_escaped_except_underline():
    assert render_inline("<script>alert(1)</script> & <u>kept</u>") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *kept*"
    )
    assert escape_markdown("a *b* [c](d) `e` #f") == r"a \*b\* \[c\](d) \`e\` \#f"
    assert escape_markdown("- not a list") == r"\- not a list"


def test_a_repeated_question_keeps_every_printing_whole():
    first = "1. What is X?\n\nX is x.\n\nMore on x.\n\nK: first point.\n\n"
    second = "1. What is X?\n\nX is x.\n\nK: first point.\n\nK2: second point.\n\n"
    third = "1. What is X?\n\nX, again.\n"
    (question,) = merge_duplicates(parse_document(first + second + third, "doc.txt"), "doc.txt")
    assert question.blocks == (
        Paragraph("X is x.", 3),
        Paragraph("More on x.", 5),
        KeyPoint("K", "first point.", False, 7),
    )
    assert [(c.line, len(c.blocks)) for c in question.copies] == [(9, 3), (17, 1)]
    assert question.lines == (1, 9, 17)
    # A key point printed twice in the same words is listed once.
    assert [k.term for k in question.key_points] == ["K", "K2"]
