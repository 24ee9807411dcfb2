//! Open data shipped with kim: all 396 NRW Gemeinden with their Kreis and Zensus 2022
//! population (`kim-core/data/nrw-gemeinden.csv`; source, licence and attribution in
//! `docs/data.md`). Useful as distribution weights when a Kreis splits posts by population.
//!
//! Datenquelle: Statistische Ämter des Bundes und der Länder, Zensus 2022 (Tabelle 1000A-0000),
//! Datenlizenz Deutschland – Namensnennung – Version 2.0 (www.govdata.de/dl-de/by-2-0); eigene
//! Auswahl und Umformung.
//!
//! ```
//! use kim_core::data::{gemeinden, population_weights};
//! assert_eq!(gemeinden().len(), 396);
//! let heinsberg = population_weights("05370");
//! assert_eq!(heinsberg.len(), 10);
//! assert_eq!(heinsberg[0].unit, "Erkelenz, Stadt");
//! ```

use crate::allocation::Weight;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The embedded CSV (`ags,gemeinde,kreis_ags,kreis,einwohner,einwohner_stichtag`).
pub const NRW_GEMEINDEN_CSV: &str = include_str!("../data/nrw-gemeinden.csv");

/// One Gemeinde.
///
/// ```
/// let g = kim_core::data::gemeinden().into_iter().find(|g| g.name == "Erkelenz, Stadt").unwrap();
/// assert_eq!((g.kreis_ags.as_str(), g.population > 40_000), ("05370", true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(tsify::Tsify))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Gemeinde {
    /// Amtlicher Gemeindeschlüssel (8 digits).
    pub ags: String,
    /// Official name, with suffixes such as ", Stadt".
    pub name: String,
    /// Key of the Kreis or kreisfreie Stadt (5 digits).
    pub kreis_ags: String,
    /// Name of the Kreis or kreisfreie Stadt.
    pub kreis: String,
    /// Zensus 2022 population.
    pub population: u64,
    /// Reference date of the population (2022-05-15).
    pub population_date: String,
}

/// Splits one CSV line; quoted fields may contain commas.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => {
                if let Some(f) = out.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    out
}

/// All NRW Gemeinden, sorted by AGS.
///
/// ```
/// assert_eq!(kim_core::data::gemeinden().len(), 396);
/// ```
pub fn gemeinden() -> Vec<Gemeinde> {
    NRW_GEMEINDEN_CSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = fields(line).into_iter();
            Some(Gemeinde {
                ags: f.next()?,
                name: f.next()?,
                kreis_ags: f.next()?,
                kreis: f.next()?,
                population: f.next()?.parse().ok()?,
                population_date: f.next()?,
            })
        })
        .collect()
}

/// The Gemeinden of one Kreis (by its 5-digit key, e.g. `05370` Heinsberg, `05382`
/// Rhein-Sieg-Kreis) as distribution weights by population; all of NRW for an empty key.
///
/// ```
/// let weights = kim_core::data::population_weights("05370"); // Kreis Heinsberg
/// assert_eq!(weights.len(), 10);
/// ```
pub fn population_weights(kreis_ags: &str) -> Vec<Weight> {
    gemeinden()
        .into_iter()
        .filter(|g| kreis_ags.is_empty() || g.kreis_ags == kreis_ags)
        .map(|g| Weight::new(g.name, Decimal::from(g.population)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_data_matches_its_documented_checks() {
        let all = gemeinden();
        assert_eq!(all.len(), 396);
        assert_eq!(all.iter().map(|g| g.population).sum::<u64>(), 17_890_489);
        let mut kreise: Vec<&str> = all.iter().map(|g| g.kreis_ags.as_str()).collect();
        kreise.dedup();
        assert_eq!(kreise.len(), 53);
        assert_eq!(population_weights("05382").len(), 19);
        assert!(all.iter().any(|g| g.name == "Düsseldorf, Stadt"));
    }
}
