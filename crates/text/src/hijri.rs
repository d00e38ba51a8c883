//! Hijri dates in the Umm al-Qura calendar, converted to and from Gregorian
//! through `icu_calendar`, whose tables follow the official Saudi calendar
//! that Arabic news (and the peers' test vectors) use.

use icu_calendar::Date as IcuDate;
use icu_calendar::Iso;
use icu_calendar::cal::Hijri;
use jiff::civil::Date;

/// The Gregorian date of a Hijri (Umm al-Qura) date, or `None` when the
/// day does not exist (day 30 of a 29-day month) or is out of range.
pub fn to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    let h =
        IcuDate::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = h.to_calendar(Iso);
    Date::new(
        i16::try_from(iso.year().extended_year()).ok()?,
        i8::try_from(iso.month().ordinal).ok()?,
        i8::try_from(iso.day_of_month().0).ok()?,
    )
    .ok()
}

/// The Hijri (Umm al-Qura) year, month and day of a Gregorian date.
pub fn from_gregorian(date: Date) -> Option<(i32, u8, u8)> {
    let iso =
        IcuDate::try_new_iso(i32::from(date.year()), date.month() as u8, date.day() as u8).ok()?;
    let h = iso.to_calendar(Hijri::new_umm_al_qura());
    Some((h.year().extended_year(), h.month().ordinal, h.day_of_month().0))
}

/// First and last Gregorian day of a Hijri month.
pub fn month_range(year: i32, month: u8) -> Option<(Date, Date)> {
    let start = to_gregorian(year, month, 1)?;
    let end = to_gregorian(year, month, 30).or_else(|| to_gregorian(year, month, 29))?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn umm_al_qura_conversions() {
        // Peers' vectors: dateparser's Hijri cases, Duckling's holidays.
        assert_eq!(to_gregorian(1432, 9, 14), Some(date(2011, 8, 14)));
        assert_eq!(to_gregorian(1430, 2, 20), Some(date(2009, 2, 15)));
        assert_eq!(to_gregorian(1434, 12, 10), Some(date(2013, 10, 15)));
        assert_eq!(to_gregorian(1435, 1, 1), Some(date(2013, 11, 4)));
        assert_eq!(from_gregorian(date(2013, 8, 8)), Some((1434, 10, 1)));
        assert_eq!(to_gregorian(1433, 2, 29), Some(date(2012, 1, 23)));
    }

    #[test]
    fn impossible_days_are_none() {
        assert_eq!(to_gregorian(1434, 13, 1), None);
        assert_eq!(to_gregorian(1434, 1, 31), None);
    }
}
