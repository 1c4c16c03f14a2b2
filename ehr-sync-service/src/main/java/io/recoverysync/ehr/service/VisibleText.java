package io.recoverysync.ehr.service;

/**
 * Whether a text shows anything to a reader: at least one code point that is not white space (any Unicode space,
 * including U+00A0 no-break space and U+3000), not a format character (U+200B zero-width space, U+200C/D, U+2060
 * word joiner, U+FEFF byte-order mark, bidi marks…) and not a control character. {@link String#isBlank()} knows
 * none of the invisible ones, so a "note" of zero-width spaces would pass it and reach EHRbase as an empty entry.
 */
public final class VisibleText {
    private VisibleText() {
    }

    public static boolean hasVisible(String text) {
        if (text == null) {
            return false;
        }
        return text.codePoints().anyMatch(VisibleText::visible);
    }

    static boolean visible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED
                && cp != 0x115F && cp != 0x1160 && cp != 0x3164 && cp != 0xFFA0 // Hangul fillers: shown as nothing
                && cp != 0x034F // combining grapheme joiner
                && !(cp >= 0xFE00 && cp <= 0xFE0F) && !(cp >= 0xE0100 && cp <= 0xE01EF); // variation selectors
    }
}
