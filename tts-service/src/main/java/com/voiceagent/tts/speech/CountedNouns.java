package com.voiceagent.tts.speech;

import java.util.HashMap;
import java.util.Map;

/**
 * The nouns a phone conversation counts, with their gender.
 *
 * <p>Why a lexicon: the gender of a Hebrew noun cannot be read off its spelling (לילות and מקומות end in -ות
 * yet are masculine; פעם is feminine without any ending), and a number must agree with it. Only nouns listed
 * here change a number's gender; after any other word the number keeps the default gender.
 */
final class CountedNouns {
  /** A noun form: its gender, and whether it is singular (then "one" follows it: יום אחד). */
  record Noun(Gender gender, boolean singular) {}

  private static final Map<String, Noun> NOUNS = new HashMap<>();

  static {
    masculine("תור", "תורים");
    masculine("יום", "ימים", "ימי");
    masculine("שבוע", "שבועות", "שבועי");
    masculine("חודש", "חודשים", "חודשי");
    masculine("שקל", "שקלים");
    masculine("אחוז", "אחוזים");
    masculine("איש", "אנשים");
    masculine("ילד", "ילדים");
    masculine("חדר", "חדרים");
    masculine("מקום", "מקומות");
    masculine("לילה", "לילות");
    masculine("קילומטר", "קילומטרים");
    masculine("מטר", "מטרים");
    masculine("דולר", "דולרים");
    masculine("יורו");
    masculine("סנט");
    masculine("קילו");
    masculine("קילוגרם", "קילוגרמים");
    masculine("גרם", "גרמים");
    masculine("ליטר", "ליטרים");
    masculine("כרטיס", "כרטיסים");
    masculine("אורח", "אורחים");
    masculine("מבוגר", "מבוגרים");
    masculine("בן", "בנים");
    masculine("תינוק", "תינוקות");
    masculine("טיפול", "טיפולים");
    masculine("תשלום", "תשלומים");
    masculine("מוצר", "מוצרים");
    masculine("פריט", "פריטים");
    masculine("שולחן", "שולחנות");
    masculine("כיסא", "כיסאות");
    masculine("רגע", "רגעים");
    masculine("שלב", "שלבים");
    masculine("עמוד", "עמודים");
    masculine("רכב", "רכבים");
    masculine("סוג", "סוגים");
    masculine("חבר", "חברים");
    masculine("מספר", "מספרים");
    masculine("בניין", "בניינים");
    masculine("טור", "טורים");
    masculine("אולם", "אולמות");
    feminine("שעה", "שעות");
    feminine("דקה", "דקות");
    feminine("שנייה", "שניות");
    feminine("שנה", "שנים", "שנות");
    feminine("אגורה", "אגורות");
    feminine("פעם", "פעמים");
    feminine("ילדה", "ילדות");
    feminine("בת", "בנות");
    feminine("אישה", "נשים");
    feminine("קומה", "קומות");
    feminine("מנה", "מנות");
    feminine("דירה", "דירות");
    feminine("חבילה", "חבילות");
    feminine("הודעה", "הודעות");
    feminine("שיחה", "שיחות");
    feminine("פגישה", "פגישות");
    feminine("הזמנה", "הזמנות");
    feminine("יחידה", "יחידות");
    feminine("מיטה", "מיטות");
    feminine("כוס", "כוסות");
    feminine("משפחה", "משפחות");
    feminine("תחנה", "תחנות");
    feminine("שאלה", "שאלות");
    feminine("אפשרות", "אפשרויות");
    feminine("שורה", "שורות");
    feminine("כניסה", "כניסות");
    feminine("שלוחה", "שלוחות");
    feminine("דלת", "דלתות");
    feminine("יציאה", "יציאות");
    feminine("עמדה", "עמדות");
    feminine("ספרה", "ספרות");
  }

  private CountedNouns() {}

  /** The noun exactly as written, or null when it is not a counted noun this lexicon knows. */
  static Noun lookup(String word) {
    return NOUNS.get(word);
  }

  /**
   * The gender of a word that may carry attached prefix letters (הפעם, בקומה), or null if unknown. Tries the
   * word as written first, so a noun that starts with a prefix-like letter (שנה, מקום) is still found.
   */
  static Gender genderOfPrefixedWord(String word) {
    for (int strip = 0; strip <= 2 && strip < word.length(); strip++) {
      if (strip > 0 && "ובלמהכש".indexOf(word.charAt(strip - 1)) < 0) {
        return null;
      }
      Noun noun = NOUNS.get(word.substring(strip));
      if (noun != null) {
        return noun.gender();
      }
    }
    return null;
  }

  private static void masculine(String singular, String... plurals) {
    add(Gender.MASCULINE, singular, plurals);
  }

  private static void feminine(String singular, String... plurals) {
    add(Gender.FEMININE, singular, plurals);
  }

  private static void add(Gender gender, String singular, String... plurals) {
    NOUNS.put(singular, new Noun(gender, true));
    for (String plural : plurals) {
      NOUNS.put(plural, new Noun(gender, false));
    }
  }
}
