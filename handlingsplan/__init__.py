"""Publishing pipeline for Hälsingerådets handlingsplan: content/<year> -> PDF, DOCX, HTML."""
