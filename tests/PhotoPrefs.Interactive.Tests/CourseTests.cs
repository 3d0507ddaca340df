namespace PhotoPrefs.Interactive.Tests;

/// <summary>The check the notebooks' from-scratch cells end with.</summary>
public sealed class CourseTests
{
    [Fact]
    public void Agreement_within_the_tolerance_reports_the_largest_difference()
    {
        var line = Course.Agree("cell", [1.0, 200.0, 0.5], [1.0 + 1e-7, 200.0 + 1e-4, 0.5]);
        Assert.Equal("cell: 3 values agree with the library, largest difference 0.0001 (tolerance 1E-05)", line);
        Assert.StartsWith("one: 1 value agrees with", Course.Agree("one", 2.0, 2.0), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0, 1.0 + 2e-5, "at [1]")]
    [InlineData(1.0, double.NaN, "at [1]")]
    [InlineData(300.0, 300.01, "at [1]")]
    public void A_disagreement_stops_the_cell_with_where_it_is(double mine, double library, string said)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Course.Agree("x", [0.0, mine], [0.0, library]));
        Assert.Contains(said, e.Message, StringComparison.Ordinal);
        Assert.Contains("x disagrees with the library", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_lengths_are_a_disagreement()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Course.Agree("hist", [1.0, 2.0], [1.0]));
        Assert.Equal("hist: 2 values computed, the library has 1", e.Message);
    }
}
