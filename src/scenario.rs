//! Load scenarios: offered load over the year (daily and weekly shapes, peak events, growth,
//! day-to-day noise, or an hourly series), read from scenario files.
