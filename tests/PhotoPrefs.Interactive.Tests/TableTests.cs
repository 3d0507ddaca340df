namespace PhotoPrefs.Interactive.Tests;

/// <summary>Result tables: columns in declaration order, numbers rounded, text encoded.</summary>
public sealed class TableTests
{
    [Fact]
    public void Columns_follow_the_properties_and_numbers_are_rounded()
    {
        var html = Table.Html(new[] { new { name = "a<b", share = 0.123456, count = 7 }, new { name = "c", share = 2.0, count = 12 } });
        Assert.Equal(
            "<table class=\"pp-table\"><thead><tr><th style=\"text-align:left\">name</th><th style=\"text-align:left\">share</th><th style=\"text-align:left\">count</th></tr></thead><tbody>"
            + "<tr><td style=\"text-align:left\">a&lt;b</td><td style=\"text-align:right\">0.123</td><td style=\"text-align:right\">7</td></tr>"
            + "<tr><td style=\"text-align:left\">c</td><td style=\"text-align:right\">2.000</td><td style=\"text-align:right\">12</td></tr></tbody></table>",
            html);
    }

    [Theory]
    [InlineData(0.0005, 3, "0.001")]
    [InlineData(-0.0004, 3, "0.000")]
    [InlineData(1234.5678, 1, "1234.6")]
    [InlineData(2.5, 0, "3")]
    [InlineData(double.NaN, 2, "NaN")]
    public void A_number_keeps_the_asked_decimals(double value, int digits, string shown) => Assert.Equal(shown, Table.Format(value, digits));

    [Fact]
    public void Empty_rows_give_the_header_and_bad_digits_are_refused()
    {
        Assert.Equal("<table class=\"pp-table\"><thead><tr><th style=\"text-align:left\">x</th></tr></thead><tbody></tbody></table>", Table.Html(Array.Empty<Row>()));
        Assert.Equal("", Table.Format(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Table.Html(new[] { new Row(1) }, digits: 16));
        Assert.Contains("<td style=\"text-align:right\">1.500</td>", Table.Of(new[] { new Row(1.5f) }).Value, StringComparison.Ordinal);
    }

    private sealed record Row(float x);
}
