"""Regenerate examples/iran_drones_missiles.pdf from the text below (needs fpdf2).

    python examples/make_pdf.py

The PDF is committed; this script documents how it was made. Two pages, so the PDF
reader's page spans are exercised.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

TITLE = "Drones One Way, Promises the Other: Iran's Arms for Russia"
AUTHOR = "Lena Markarian"

PAGES = [
    [
        "Iran has been one of Russia's most important arms suppliers since the full-scale "
        "invasion of Ukraine. Russian forces began launching Iranian-designed Shahed-136 drones, "
        "renamed Geran-2, against Ukrainian cities in September 2022, and Russia later built its "
        "own production line for them at the Alabuga special economic zone in Tatarstan.",
        "On September 10, 2024, US Secretary of State Antony Blinken said in London that Russia "
        'had received shipments of Iranian Fath-360 close-range ballistic missiles and "will '
        'likely use them within weeks in Ukraine." Britain, France and Germany responded with '
        "new sanctions on Iran Air. Tehran denied sending the missiles.",
    ],
    [
        "The flow of support ran mostly one way. When Vladimir Putin and Iranian President "
        "Masoud Pezeshkian signed their comprehensive strategic partnership treaty in Moscow on "
        "January 17, 2025, the text contained no obligation to defend each other, unlike the "
        "treaty Russia had signed with North Korea in June 2024.",
        "In June 2025, when Israel and then the United States struck Iran, Moscow condemned the "
        "attacks but delivered no air-defence systems or fighter jets. Iran's long-promised "
        "Su-35 aircraft had still not arrived in numbers.",
        "Our assessment: Russia will keep buying what Iran can sell, but it is unlikely to risk "
        "a confrontation with the United States or Israel to protect the Islamic Republic.",
    ],
]


def build(path: Path) -> None:
    pdf = FPDF(format="A4")
    pdf.set_title(TITLE)
    pdf.set_author(AUTHOR)
    pdf.set_creation_date(datetime(2025, 7, 15, 9, 0, tzinfo=UTC))
    pdf.set_margins(20, 20, 20)
    for number, paragraphs in enumerate(PAGES):
        pdf.add_page()
        if number == 0:
            pdf.set_font("Helvetica", "B", 16)
            pdf.multi_cell(0, 8, TITLE)
            pdf.ln(2)
            pdf.set_font("Helvetica", "I", 11)
            pdf.multi_cell(0, 6, f"By {AUTHOR}")
            pdf.ln(4)
        pdf.set_font("Helvetica", "", 11)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(4)
    pdf.output(str(path))


if __name__ == "__main__":
    build(Path(__file__).with_name("iran_drones_missiles.pdf"))
