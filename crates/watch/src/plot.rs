//! Trends as a picture: one line per series, incidents per period, with
//! the periods that raised a warning marked.
//!
//! SVG carries English and Arabic names: the browser shapes the Arabic.
//! PNG carries English only: plotters' bitmap text does not shape Arabic
//! (its letters would come out detached and left to right).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::trends::Trends;
use crate::{Warning, WatchError};

const COLORS: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(23, 190, 207),
];

/// A warning point: the series it concerns and the period it fell in.
fn marks(t: &Trends, warnings: &[Warning]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for w in warnings {
        // A group's warning marks the group's line; any warning about a
        // country marks the country's line.
        let Some(s) = t
            .series
            .iter()
            .position(|s| s.key == w.subject.key || w.country.as_deref() == Some(s.key.as_str()))
        else {
            continue;
        };
        let Some(p) = t.starts.iter().rposition(|start| start.as_str() <= w.day.as_str()) else {
            continue;
        };
        out.push((s, p, w.kind.as_str().to_string()));
    }
    out
}

fn draw<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    t: &Trends,
    warnings: &[Warning],
    title: &str,
    arabic: bool,
) -> Result<(), String>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let n = t.labels.len().max(1);
    let max = t.series.iter().flat_map(|s| s.incidents.iter().copied()).max().unwrap_or(1).max(1);
    let y_top = max + max / 10 + 1;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        // Room for half of the last period's label, centred on the edge.
        .margin_right(56)
        .x_label_area_size(70)
        .y_label_area_size(60)
        .build_cartesian_2d(0..n - 1, 0..y_top)
        .map_err(|e| e.to_string())?;
    let labels = t.labels.clone();
    let period = if t.period == crate::trends::Period::Week { "week" } else { "month" };
    let (x_desc, y_desc) = if arabic {
        (
            format!("{period} / {}", if period == "week" { "الأسبوع" } else { "الشهر" }),
            "incidents / الحوادث".to_string(),
        )
    } else {
        (period.to_string(), "incidents".to_string())
    };
    chart
        .configure_mesh()
        .x_labels(n.min(14))
        .x_label_formatter(&|x| labels.get(*x).cloned().unwrap_or_default())
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style(("sans-serif", 13))
        .draw()
        .map_err(|e| e.to_string())?;
    for (k, s) in t.series.iter().enumerate() {
        let color = COLORS[k % COLORS.len()];
        let name = if arabic && !s.name_ar.is_empty() && s.name_ar != s.name {
            format!("{} / {}", s.name, s.name_ar)
        } else {
            s.name.clone()
        };
        chart
            .draw_series(LineSeries::new(
                s.incidents.iter().enumerate().map(|(i, v)| (i, *v)),
                color.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?
            .label(format!(
                "{name} ({} incidents, {} killed)",
                s.total_incidents(),
                s.total_killed()
            ))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3))
            });
    }
    let points: Vec<(usize, u64)> =
        marks(t, warnings).into_iter().map(|(s, p, _)| (p, t.series[s].incidents[p])).collect();
    if !points.is_empty() {
        let label = if arabic { "warning / تحذير" } else { "warning" };
        chart
            .draw_series(points.into_iter().map(|p| TriangleMarker::new(p, 8, RED.filled())))
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(|(x, y)| TriangleMarker::new((x + 9, y), 6, RED.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())?;
    Ok(())
}

fn register_font() {
    // Both backends measure text with this font; a second registration is
    // harmless.
    let _ =
        plotters::style::register_font("sans-serif", FontStyle::Normal, dejavu::sans::regular());
}

/// Draws the trends to `path` (`.svg` or `.png`), marking the warnings
/// that fall on a plotted series.
pub fn plot(path: &Path, t: &Trends, warnings: &[Warning], title: &str) -> Result<(), WatchError> {
    register_font();
    let name = path.display().to_string();
    let fail = |e: String| WatchError::Plot(format!("{name}: {e}"));
    if t.series.is_empty() {
        return Err(fail("nothing to draw: no incident matches".into()));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "svg" => std::fs::write(path, svg(t, warnings, title)?).map_err(|e| fail(e.to_string())),
        "png" => draw(
            BitMapBackend::new(path, (1200, 640)).into_drawing_area(),
            t,
            warnings,
            title,
            false,
        )
        .map_err(fail),
        _ => Err(fail("the picture must end in .svg or .png".into())),
    }
}

/// The trends as an SVG document (English and Arabic labels).
pub fn svg(t: &Trends, warnings: &[Warning], title: &str) -> Result<String, WatchError> {
    register_font();
    let mut svg = String::new();
    draw(
        SVGBackend::with_string(&mut svg, (1200, 640)).into_drawing_area(),
        t,
        warnings,
        title,
        true,
    )
    .map_err(WatchError::Plot)?;
    Ok(svg)
}
