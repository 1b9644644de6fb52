"""The functions' own figures and targets: read a file, check every row, preview, write, audit, undo.

``read`` turns bytes (CSV in any of Excel's Swedish dialects, or XLSX) into rows; ``validate`` checks them
against the catalog and says what is wrong, row and column, in Swedish and English; ``write`` previews
and applies a valid file in one transaction and can undo it; ``templates`` writes the files to fill in.
"""
