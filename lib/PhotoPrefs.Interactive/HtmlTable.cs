using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace PhotoPrefs.Interactive;

/// <summary>Rows of any record or anonymous type as a plain HTML table: one column per public property, in declaration order.</summary>
public static class HtmlTable
{
    /// <summary>
    /// The table: a header of property names, one row per item; a <see cref="double"/> or <see cref="float"/> rounded to
    /// <paramref name="decimals"/> decimals, every other value as its invariant text.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="rows">The rows.</param>
    /// <param name="decimals">Decimals shown of a floating-point value.</param>
    /// <returns>HTML.</returns>
    public static string Of<T>(IEnumerable<T> rows, int decimals = 3)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        var columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var sb = new StringBuilder("<table><tr>");
        foreach (var c in columns)
        {
            sb.Append("<th>").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        }

        sb.Append("</tr>");
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var c in columns)
            {
                string text = c.GetValue(row) switch
                {
                    double d => d.ToString(format, CultureInfo.InvariantCulture),
                    float f => f.ToString(format, CultureInfo.InvariantCulture),
                    IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                    { } o => o.ToString() ?? "",
                    null => "",
                };
                sb.Append("<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</table>").ToString();
    }
}
