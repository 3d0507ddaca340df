using PhotoPrefs.SemiSupervised;

namespace PhotoPrefs.Tests.SemiSupervised;

public sealed class FixMatchOptionsTests
{
    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void An_image_dropout_outside_0_to_1_is_refused(float dropout)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FixMatchTrainer(2, 3, new FixMatchOptions(Width: 4, ImageDropout: dropout), 2));
        Assert.Contains("ImageDropout", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    public void The_ends_of_the_range_are_accepted(float dropout) =>
        Assert.Equal(dropout, new FixMatchTrainer(2, 3, new FixMatchOptions(Width: 4, ImageDropout: dropout), 2).Options.ImageDropout);
}
