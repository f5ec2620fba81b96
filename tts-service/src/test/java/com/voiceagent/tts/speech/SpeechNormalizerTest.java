package com.voiceagent.tts.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the voice is given to say, one table per kind of token. Each row is "written | spoken"; the spoken forms
 * are written from Hebrew grammar (gender agreement, construct forms, the place of ו), not copied from output.
 */
class SpeechNormalizerTest {
  private static final SpeechNormalizer HEBREW = SpeechNormalizer.hebrew();
  private static final SpeechNormalizer HEBREW_MASCULINE = SpeechNormalizer.hebrew(Gender.MASCULINE);

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsBareNumbersInTheFeminineCountingForm(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsBareNumbersInTheFeminineCountingForm() {
    return table("""
        0 | אפס
        1 | אחת
        2 | שתיים
        3 | שלוש
        8 | שמונה
        10 | עשר
        11 | אחת עשרה
        12 | שתים עשרה
        13 | שלוש עשרה
        15 | חמש עשרה
        19 | תשע עשרה
        20 | עשרים
        21 | עשרים ואחת
        22 | עשרים ושתיים
        100 | מאה
        101 | מאה ואחת
        110 | מאה ועשר
        111 | מאה ואחת עשרה
        120 | מאה ועשרים
        125 | מאה עשרים וחמש
        200 | מאתיים
        300 | שלוש מאות
        800 | שמונה מאות
        999 | תשע מאות תשעים ותשע
        1000 | אלף
        1001 | אלף ואחת
        1200 | אלף ומאתיים
        1250 | אלף מאתיים וחמישים
        2000 | אלפיים
        3000 | שלושת אלפים
        4000 | ארבעת אלפים
        6000 | ששת אלפים
        8000 | שמונת אלפים
        10000 | עשרת אלפים
        11000 | אחד עשר אלף
        12000 | שנים עשר אלף
        21000 | עשרים ואחד אלף
        100000 | מאה אלף
        101000 | מאה ואחד אלף
        125000 | מאה עשרים וחמישה אלף
        1000000 | מיליון
        1000001 | מיליון ואחת
        1001000 | מיליון ואלף
        1100000 | מיליון ומאה אלף
        2000000 | שני מיליון
        2500000 | שני מיליון וחמש מאות אלף
        3500020 | שלושה מיליון חמש מאות אלף ועשרים
        11000000 | אחד עשר מיליון
        999999999 | תשע מאות תשעים ותשעה מיליון תשע מאות תשעים ותשעה אלף תשע מאות תשעים ותשע
        1,200 | אלף ומאתיים
        12,345 | שנים עשר אלף שלוש מאות ארבעים וחמש
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsBareNumbersInTheMasculineWhenThatIsTheChosenDefault(String written, String spoken) {
    assertThat(HEBREW_MASCULINE.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsBareNumbersInTheMasculineWhenThatIsTheChosenDefault() {
    return table("""
        0 | אפס
        1 | אחד
        2 | שניים
        3 | שלושה
        10 | עשרה
        11 | אחד עשר
        12 | שנים עשר
        19 | תשעה עשר
        20 | עשרים
        21 | עשרים ואחד
        100 | מאה
        101 | מאה ואחד
        110 | מאה ועשרה
        120 | מאה ועשרים
        200 | מאתיים
        999 | תשע מאות תשעים ותשעה
        1000 | אלף
        1001 | אלף ואחד
        2000 | אלפיים
        3000 | שלושת אלפים
        10000 | עשרת אלפים
        11000 | אחד עשר אלף
        100000 | מאה אלף
        1000000 | מיליון
        2500000 | שני מיליון וחמש מאות אלף
        ב-3 | בשלושה
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void makesANumberAgreeWithTheNounItCounts(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> makesANumberAgreeWithTheNounItCounts() {
    return table("""
        3 תורים | שלושה תורים
        3 שעות | שלוש שעות
        2 שעות | שתי שעות
        2 ימים | שני ימים
        2 פעמים | שתי פעמים
        1 יום | יום אחד
        1 שעה | שעה אחת
        1 שנה | שנה אחת
        10 ימים | עשרה ימים
        10 שעות | עשר שעות
        11 ימים | אחד עשר ימים
        11 שעות | אחת עשרה שעות
        12 ימים | שנים עשר ימים
        12 שעות | שתים עשרה שעות
        19 ימים | תשעה עשר ימים
        21 שעות | עשרים ואחת שעות
        21 ימים | עשרים ואחד ימים
        22 שעות | עשרים ושתיים שעות
        22 ימים | עשרים ושניים ימים
        4 לילות | ארבעה לילות
        3 מקומות | שלושה מקומות
        4 חדרים | ארבעה חדרים
        5 אנשים | חמישה אנשים
        3 שנים | שלוש שנים
        6 חודשים | שישה חודשים
        2 שבועות | שני שבועות
        5 דקות | חמש דקות
        3 ילדים | שלושה ילדים
        1000 אנשים | אלף אנשים
        3000 איש | שלושת אלפים איש
        3-4 ימים | שלושה-ארבעה ימים
        2-3 שעות | שתיים-שלוש שעות
        3ימים | שלושה ימים
        3 בצהריים | שלוש בצהריים
        ב-3 לחודש | בשלושה לחודש
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void spellsOutUnitsWithThePluralTheNumberNeeds(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> spellsOutUnitsWithThePluralTheNumberNeeds() {
    return table("""
        1 ק"מ | קילומטר אחד
        2 ק"מ | שני קילומטרים
        5 ק"מ | חמישה קילומטרים
        20 ק"מ | עשרים קילומטר
        3 מ"ר | שלושה מטרים רבועים
        100 מ״ר | מאה מטר רבוע
        30 ס"מ | שלושים סנטימטר
        5 דק' | חמש דקות
        1 דק׳ | דקה אחת
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsANumberAfterAnAttachedDefiniteHeAsAnOrdinal(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsANumberAfterAnAttachedDefiniteHeAsAnOrdinal() {
    return table("""
        ה-3 | השלישי
        ה־3 | השלישי
        ה3 | השלישי
        ה-1 | הראשון
        ה-10 | העשירי
        ה-11 | האחד עשר
        ה-21 | העשרים ואחד
        התור ה-3 | התור השלישי
        הפעם ה-2 | הפעם השנייה
        בפעם ה-3 | בפעם השלישית
        בשורה ה-2 | בשורה השנייה
        הבניין ה-2 | הבניין השני
        הקומה ה-5 | הקומה החמישית
        השנה ה-12 | השנה השתים עשרה
        ה-3 בחודש | השלישי בחודש
        מה-1 עד ה-5 | מהראשון עד החמישי
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsClockTimesTheWayIsraelisSayTheTime(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsClockTimesTheWayIsraelisSayTheTime() {
    return table("""
        9:00 | תשע
        9:30 | תשע וחצי
        9:15 | תשע ורבע
        9:45 | רבע לעשר
        9:20 | תשע ועשרים
        9:40 | עשרים לעשר
        9:50 | עשר דקות לעשר
        9:55 | חמש דקות לעשר
        9:25 | תשע ועשרים וחמש
        9:37 | תשע ושלושים ושבע
        9:01 | תשע ודקה אחת
        9:02 | תשע ושתי דקות
        9:10 | תשע ועשר דקות
        14:05 | שתיים וחמש דקות
        14:00 | שתיים
        08:30 | שמונה וחצי
        12:00 | שתים עשרה
        00:30 | שתים עשרה וחצי
        11:45 | רבע לשתים עשרה
        12:40 | עשרים לאחת
        23:45 | רבע לשתים עשרה
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsDatesDayFirstWithTheMonthByName(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsDatesDayFirstWithTheMonthByName() {
    return table("""
        12/3 | שנים עשר במרץ
        1/5 | אחד במאי
        2/1 | שניים בינואר
        05/03 | חמישה במרץ
        31/12 | שלושים ואחד בדצמבר
        21/6 | עשרים ואחד ביוני
        12/3/2025 | שנים עשר במרץ אלפיים עשרים וחמש
        1/1/2000 | אחד בינואר אלפיים
        15/8/1999 | חמישה עשר באוגוסט אלף תשע מאות תשעים ותשע
        12/3/25 | שנים עשר במרץ עשרים וחמש
        1/1/05 | אחד בינואר אפס חמש
        12.3.2025 | שנים עשר במרץ אלפיים עשרים וחמש
        12-3-2025 | שנים עשר במרץ אלפיים עשרים וחמש
        2025-03-12 | שנים עשר במרץ אלפיים עשרים וחמש
        ה-12/3 | השנים עשר במרץ
        עד 7/10 | עד שבעה באוקטובר
        זמינים 24/7 | זמינים עשרים וארבע/שבע
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void expandsWeekdayLettersAfterTheWordDay(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> expandsWeekdayLettersAfterTheWordDay() {
    return table("""
        יום א' | יום ראשון
        יום ב' | יום שני
        יום ג' | יום שלישי
        יום ד' | יום רביעי
        יום ה' | יום חמישי
        יום ו' | יום שישי
        יום ש' | יום שבת
        ביום ב׳ | ביום שני
        ימים א'-ה' | ימים ראשון-חמישי
        פתוח א'-ה' | פתוח ראשון-חמישי
        שבת | שבת
        ביום שלישי | ביום שלישי
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsPricesWithTheCurrencyInWords(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsPricesWithTheCurrencyInWords() {
    return table("""
        ₪120 | מאה ועשרים שקלים
        120 ₪ | מאה ועשרים שקלים
        120₪ | מאה ועשרים שקלים
        120 ש"ח | מאה ועשרים שקלים
        120 ש״ח | מאה ועשרים שקלים
        120 שקל | מאה ועשרים שקלים
        ₪1 | שקל אחד
        ₪2 | שני שקלים
        ₪3 | שלושה שקלים
        ₪12.50 | שנים עשר שקלים וחמישים אגורות
        ₪12.5 | שנים עשר שקלים וחמישים אגורות
        ₪12.05 | שנים עשר שקלים וחמש אגורות
        ₪1.01 | שקל אחד ואגורה אחת
        ₪0.50 | חמישים אגורות
        ₪100.00 | מאה שקלים
        $5 | חמישה דולר
        $1 | דולר אחד
        $5.99 | חמישה דולר ותשעים ותשעה סנט
        €20 | עשרים יורו
        1,200 ₪ | אלף ומאתיים שקלים
        ₪2,500,000 | שני מיליון וחמש מאות אלף שקלים
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsPercentages(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsPercentages() {
    return table("""
        50% | חמישים אחוז
        1% | אחוז אחד
        2% | שני אחוזים
        3% | שלושה אחוזים
        10% | עשרה אחוזים
        12% | שנים עשר אחוז
        100% | מאה אחוז
        0% | אפס אחוז
        2.5% | שתיים וחצי אחוז
        0.5% | חצי אחוז
        3.75% | שלוש נקודה שבע חמש אחוז
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsDecimalsInTheCountingFormWithTheFractionDigitByDigit(String written, String spoken) {
    // The masculine default shows that a decimal keeps the counting (feminine) form, and 1.2.3 is no decimal.
    assertThat(HEBREW_MASCULINE.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsDecimalsInTheCountingFormWithTheFractionDigitByDigit() {
    return table("""
        3.7 | שלוש נקודה שבע
        12.3 | שתים עשרה נקודה שלוש
        0.25 | אפס נקודה שתיים חמש
        1.5 | אחת וחצי
        0.5 | חצי
        גרסה 1.2.3 | גרסה אחד.שניים.שלושה
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsPhoneNumbersDigitByDigitInGroups(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsPhoneNumbersDigitByDigitInGroups() {
    return table("""
        050-1234567 | אפס חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        0501234567 | אפס חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        050-123-4567 | אפס חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        052 890 1234 | אפס חמש שתיים, שמונה תשע אפס, אחת שתיים, שלוש ארבע
        03-1234567 | אפס שלוש, אחת שתיים שלוש, ארבע חמש, שש שבע
        02-6543210 | אפס שתיים, שש חמש ארבע, שלוש שתיים, אחת אפס
        077-9876543 | אפס שבע שבע, תשע שמונה שבע, שש חמש, ארבע שלוש
        +972-50-123-4567 | פלוס תשע שבע שתיים, חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        +972501234567 | פלוס תשע שבע שתיים, חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        +972-3-1234567 | פלוס תשע שבע שתיים, שלוש, אחת שתיים שלוש, ארבע חמש, שש שבע
        1-800-123-456 | אחת שמונה אפס אפס, אחת שתיים שלוש, ארבע חמש שש
        1-700-500-600 | אחת שבע אפס אפס, חמש אפס אפס, שש אפס אפס
        *2700 | כוכבית שתיים שבע אפס אפס
        +44-20-7946-0958 | פלוס ארבע ארבע, שתיים אפס, שבע תשע ארבע שש, אפס תשע חמש שמונה
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsIdNumbersDigitByDigitInThrees(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsIdNumbersDigitByDigitInThrees() {
    return table("""
        ת"ז 123456782 | תעודת זהות אחת שתיים שלוש, ארבע חמש שש, שבע שמונה שתיים
        ת״ז: 012345678 | תעודת זהות: אפס אחת שתיים, שלוש ארבע חמש, שש שבע שמונה
        תעודת זהות 123456782 | תעודת זהות אחת שתיים שלוש, ארבע חמש שש, שבע שמונה שתיים
        מספר זהות 123456782 | מספר זהות אחת שתיים שלוש, ארבע חמש שש, שבע שמונה שתיים
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void expandsCommonAbbreviations(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> expandsCommonAbbreviations() {
    return table("""
        ת"ז | תעודת זהות
        ת״ז | תעודת זהות
        חברה בע"מ | חברה בעירבון מוגבל
        מס' 5 | מספר חמש
        מס׳ | מספר
        תפוחים, אגסים וכו'. | תפוחים, אגסים וכולי.
        ד"ר כהן | דוקטור כהן
        לד"ר כהן | לדוקטור כהן
        עו״ד לוי | עורך דין לוי
        רח' הרצל 5 | רחוב הרצל חמש
        ברח׳ הרצל | ברחוב הרצל
        ק"מ | קילומטר
        ס"מ | סנטימטר
        מ"ר | מטר רבוע
        ע"י | על ידי
        בי"ס | בית ספר
        ביה"ח | בית החולים
        לביה״ח | לבית החולים
        סה"כ | סך הכול
        המחיר בש"ח | המחיר בשקלים
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void attachesPrefixLettersToTheFirstSpokenWord(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> attachesPrefixLettersToTheFirstSpokenWord() {
    return table("""
        ב-3 | בשלוש
        ב3 | בשלוש
        ב־3 | בשלוש
        ל-3 | לשלוש
        מ-3 | משלוש
        ו-3 | ושלוש
        כ-3 שעות | כשלוש שעות
        ש-3 | ששלוש
        ב-9:30 | בתשע וחצי
        ב-9:45 | ברבע לעשר
        מ-9:00 עד 17:00 | מתשע עד חמש
        ל-2 אנשים | לשני אנשים
        ל-1 יום | ליום אחד
        ב-12/3 | בשנים עשר במרץ
        ב-₪120 | במאה ועשרים שקלים
        ל-050-1234567 | לאפס חמש אפס, אחת שתיים שלוש, ארבע חמש, שש שבע
        וב-3 | ובשלוש
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void readsWholeSentences(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> readsWholeSentences() {
    return table("""
        התור שלך ביום ב' ה-12/3 בשעה 9:30, המחיר ₪120. | התור שלך ביום שני השנים עשר במרץ בשעה תשע וחצי, המחיר מאה ועשרים שקלים.
        יש 3 תורים פנויים ב-14:00 וב-16:30. | יש שלושה תורים פנויים בשתיים ובארבע וחצי.
        המחיר 1,200 ₪ לחודש, כולל 17% מע"מ. | המחיר אלף ומאתיים שקלים לחודש, כולל שבעה עשר אחוז מע"מ.
        חזור אלינו תוך 2 ימים למספר 03-1234567. | חזור אלינו תוך שני ימים למספר אפס שלוש, אחת שתיים שלוש, ארבע חמש, שש שבע.
        הזמנה ל-4 לילות, 2 מבוגרים ו-1 ילד. | הזמנה לארבעה לילות, שני מבוגרים וילד אחד.
        הפגישה עם ד"ר לוי ב-1/5 ב-8:45. | הפגישה עם דוקטור לוי באחד במאי ברבע לתשע.
        אנא הקש את מס' ת"ז 123456782 וסולמית. | אנא הקש את מספר תעודת זהות אחת שתיים שלוש, ארבע חמש שש, שבע שמונה שתיים וסולמית.
        הקומה ה-3, חדר 12. | הקומה השלישית, חדר שתים עשרה.
        """);
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource
  void leavesLatinAndUnrecognisedTextAsWritten(String written, String spoken) {
    assertThat(HEBREW.forSpeech(written)).isEqualTo(spoken);
  }

  static Stream<Arguments> leavesLatinAndUnrecognisedTextAsWritten() {
    return table("""
        שלום, מה שלומך? | שלום, מה שלומך?
        נשלח לך קישור ב-WhatsApp | נשלח לך קישור ב-WhatsApp
        Zoom meeting | Zoom meeting
        info@example.com | info@example.com
        COVID-19 | COVID-תשע עשרה
        MP3 | MP שלוש
        007 | אפס אפס שבע
        1234567890123 | אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע אפס אחת שתיים שלוש
        """);
  }

  @Test
  void readsNullAsTheEmptyText() {
    assertThat(HEBREW.forSpeech(null)).isEmpty();
    assertThat(HEBREW.forSpeech("")).isEmpty();
  }

  @Test
  void refusesANullDefaultGender() {
    assertThatThrownBy(() -> SpeechNormalizer.hebrew(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keepsLineBreaksAndSpacingAroundTheTokens() {
    assertThat(HEBREW.forSpeech("  שורה 1\nשורה\t2  ")).isEqualTo("  שורה אחת\nשורה\tשתיים  ");
  }

  /** Rows "written | spoken", one per line; blank lines are skipped. */
  private static Stream<Arguments> table(String rows) {
    return rows.lines().filter(line -> !line.isBlank()).map(line -> {
      int bar = line.indexOf(" | ");
      if (bar < 0) {
        throw new IllegalArgumentException("not a row: " + line);
      }
      return Arguments.of(line.substring(0, bar).strip(), line.substring(bar + 3).strip());
    });
  }
}
