package com.voiceagent.tts.speech;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times of day, H:MM (0:00 to 23:59), read the way Israelis say the time.
 *
 * <p>Why feminine: the hour counts שעה, which is feminine (תשע, שתים עשרה), and so do the minutes (דקות).
 * Why 12-hour: in speech 14:00 is שתיים; the 24-hour reading is for timetables. No בצהריים / בערב is added:
 * the sentence around the time usually says it already, and a wrong guess would contradict it.
 *
 * <p>Minutes: :00 is the bare hour; :15 ורבע, :30 וחצי; :40, :45, :50, :55 count down to the next hour
 * (עשרים לעשר, רבע לעשר, עשר דקות לעשר, חמש דקות לעשר), as people do. Other minutes follow the hour with ו;
 * below 20 they carry the word דקות (תשע וחמש דקות, תשע ודקה אחת) so that "nine and five" is not heard as a
 * sum, from 20 they go without it (תשע ועשרים, תשע ושלושים ושבע).
 */
final class ClockTimes {
  private static final Pattern TIME = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])(?![0-9])");

  private ClockTimes() {}

  static Spoken read(String text, int at, Context context) {
    Matcher time = Patterns.lookingAt(TIME, text, at);
    if (time == null) {
      return null;
    }
    int hour = Integer.parseInt(time.group(1));
    int minute = Integer.parseInt(time.group(2));
    return new Spoken(time.end(), words(hour, minute));
  }

  static String words(int hour, int minute) {
    String hourWords = hour12(hour);
    String nextHour = hour12(hour + 1);
    return switch (minute) {
      case 0 -> hourWords;
      case 15 -> hourWords + " ורבע";
      case 30 -> hourWords + " וחצי";
      case 40 -> "עשרים ל" + nextHour;
      case 45 -> "רבע ל" + nextHour;
      case 50 -> Unit.MINUTE.count(10) + " ל" + nextHour;
      case 55 -> Unit.MINUTE.count(5) + " ל" + nextHour;
      default -> hourWords + " ו" + (minute < 20 ? Unit.MINUTE.count(minute) : HebrewNumbers.cardinal(minute, Gender.FEMININE));
    };
  }

  private static String hour12(int hour) {
    int h = hour % 12;
    return HebrewNumbers.cardinal(h == 0 ? 12 : h, Gender.FEMININE);
  }
}
