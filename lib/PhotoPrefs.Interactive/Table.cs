using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace PhotoPrefs.Interactive;

/// <summary>
/// Small result tables for notebooks: one row per item, one column per public property (or field), numbers rounded.
/// <c>Table.Of(rows)</c> as a cell's last value shows an HTML table instead of the kernel's collapsible tree.
/// </summary>
public static class Table
{
    /// <summary>The rows as an HTML table that a notebook displays as it is.</summary>
    /// <typeparam name="T">The row type (an anonymous type, a record, a class): its public properties and fields are the columns, in declaration order.</typeparam>
    /// <param name="rows">The rows.</param>
    /// <param name="digits">Decimals kept of <c>double</c>, <c>float</c> and <c>decimal</c> values (rounded half away from zero, trailing zeros dropped).</param>
    /// <returns>HTML content.</returns>
    public static HtmlString Of<T>(IEnumerable<T> rows, int digits = 3) => new(Html(rows, digits));

    /// <summary>The rows as the text of an HTML table: a header of column names, then one row per item; an empty sequence gives the header alone.</summary>
    /// <typeparam name="T">The row type: its public instance properties and fields are the columns.</typeparam>
    /// <param name="rows">The rows.</param>
    /// <param name="digits">Decimals kept of floating-point values, 0 to 15.</param>
    /// <returns>HTML; names and values are HTML-encoded, <c>null</c> shows as an empty cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 0..15.</exception>
    public static string Html<T>(IEnumerable<T> rows, int digits = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        var columns = typeof(T).GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0 || m is FieldInfo)
            .OrderBy(m => m.MetadataToken)
            .ToList();
        var sb = new StringBuilder("<table class=\"pp-table\"><thead><tr>");
        foreach (var c in columns)
        {
            sb.Append("<th style=\"text-align:left\">").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in columns)
            {
                var value = c is PropertyInfo p ? p.GetValue(row) : ((FieldInfo)c).GetValue(row);
                bool number = value is double or float or decimal or int or long or short or byte or uint or ulong;
                sb.Append(number ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">").Append(WebUtility.HtmlEncode(Format(value, digits))).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>One value as a table shows it: floating-point with exactly <paramref name="digits"/> decimals (rounded half away from zero), others in the invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <param name="digits">Decimals kept.</param>
    /// <returns>The text ("" for null; a value that rounds to zero shows as 0, never -0).</returns>
    public static string Format(object? value, int digits = 3)
    {
        // the same decimals throughout, so that a column of numbers lines up and 1 reads 1.000 beside 0.971
        var format = digits == 0 ? "0" : "0." + new string('0', digits);
        return value switch
        {
            null => "",
            double d => (Math.Round(d, digits, MidpointRounding.AwayFromZero) + 0.0).ToString(format, CultureInfo.InvariantCulture),
            float f => (Math.Round((double)f, digits, MidpointRounding.AwayFromZero) + 0.0).ToString(format, CultureInfo.InvariantCulture),
            decimal m => Math.Round(m, digits, MidpointRounding.AwayFromZero).ToString(format, CultureInfo.InvariantCulture),
            IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }
}
