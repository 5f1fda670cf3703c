"""Every message the service sends, in Bahasa Indonesia, in one place (for translation).

Each entry is ``code: message``; codes are the ``code`` field of an error body.
"""

from __future__ import annotations

__all__ = ["MESSAGES", "message"]

MESSAGES: dict[str, str] = {
    "UNAUTHORIZED": "API Key tidak valid atau tidak dikirimkan",
    "FORBIDDEN": "API Key valid tetapi tidak berhak mengakses data unit {unit_id}",
    "FORBIDDEN_AGENCY": "API Key hanya berlaku untuk instansi {agency_id}, bukan {other}",
    "DATA_NOT_FOUND": "Data pengusulan untuk instansi ini belum tersedia",
    "ROUND_NOT_SET": (
        "Tahun pengusulan belum ditetapkan: kirim ?tahun= atau tetapkan putaran di penyimpanan"
    ),
    "UNIT_NOT_FOUND": "Unit {unit_id} tidak ditemukan",
    "LIFECYCLE_NOT_FOUND": "Unit {unit_id} belum memiliki siklus ZI",
    "LIFECYCLE_EXISTS": "Unit {unit_id} sudah memiliki siklus ZI",
    "ROUTE_NOT_FOUND": "Alamat yang diminta tidak tersedia",
    "METHOD_NOT_ALLOWED": "Metode HTTP ini tidak didukung untuk alamat ini",
    "INVALID_REQUEST": "Data request tidak valid",
    "INVALID_REVIEW": "Dokumen reviu tidak sah: {problem}",
    "INVALID_JSON": "Isi request bukan JSON yang sah",
    "INVALID_SUBMISSION": "Data LKE tidak valid ({count} masalah)",
    "AGENCY_FACTS_CONFLICT": (
        "Data instansi (Tabel 5) berbeda dengan yang tersimpan untuk tahun ini ({count} data)"
    ),
    "TRANSITION_REFUSED": "Transisi {trigger} ditolak dari tahap {state}",
    "REVISION_CONFLICT": (
        "Siklus unit {unit_id} sudah diubah pihak lain: dibaca pada revisi {expected}, "
        "tersimpan revisi {actual}; baca ulang lalu coba lagi"
    ),
    "REVIEW_KIND_UNKNOWN": "Jenis reviu {kind} tidak dikenal; yang dikenal: {known}",
    "REVIEW_NOT_FOUND": "Unit {unit_id} belum memiliki reviu {kind}",
    "REVIEW_REFUSED": "Tindakan {action} pada reviu ditolak",
    "REVIEW_OPEN": "Reviu {kind} ke-{number} unit {unit_id} belum ditandatangani semua tingkat",
    "REVIEW_CONFLICT": (
        "Reviu {kind} unit {unit_id} sudah diubah pihak lain: dibaca pada revisi {expected}, "
        "tersimpan revisi {actual}; baca ulang lalu coba lagi"
    ),
    "VERSION_NOT_FOUND": "Unit {unit_id} tidak memiliki versi jawaban {version}",
    "PAYLOAD_TOO_LARGE": "Isi request melebihi batas {limit} byte",
    "REQUEST_TIMEOUT": "Isi request tidak selesai dikirim dalam {seconds} detik",
    "RATE_LIMITED": "Batas {limit} request per menit terlampaui; coba lagi dalam {retry} detik",
    "INTERNAL_ERROR": "Terjadi kesalahan di sisi instansi; silakan coba lagi",
    "STORE_ERROR": "Penyimpanan data instansi tidak dapat diakses; silakan coba lagi",
}


def message(code: str, **values: object) -> str:
    """The message for ``code`` with ``values`` filled in."""
    return MESSAGES[code].format(**values)
