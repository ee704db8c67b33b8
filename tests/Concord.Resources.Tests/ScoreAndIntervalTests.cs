using Concord.Resources.Cib;

namespace Concord.Resources.Tests;

[Trait("Category", "Unit")]
public sealed class ScoreAndIntervalTests
{
    [Theory]
    [InlineData(Score.Infinity, Score.MinusInfinity, Score.MinusInfinity)]
    [InlineData(Score.Infinity, 5, Score.Infinity)]
    [InlineData(999_999, 10, Score.Infinity)]
    [InlineData(-999_999, -10, Score.MinusInfinity)]
    [InlineData(100, -30, 70)]
    public void Add_Scores_SaturatesAndMinusInfinityWins(int a, int b, int expected) => Assert.Equal(expected, Score.Add(a, b));

    [Theory]
    [InlineData("INFINITY", Score.Infinity)]
    [InlineData("+INFINITY", Score.Infinity)]
    [InlineData("-INFINITY", Score.MinusInfinity)]
    [InlineData("2000000", Score.Infinity)]
    [InlineData("-42", -42)]
    public void TryParse_ValidScore_Parses(string text, int expected)
    {
        Assert.True(Score.TryParse(text, out int s));
        Assert.Equal(expected, s);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("10", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("2min", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("PT1M30S", 90_000)]
    public void TryParseMs_Specs_Parse(string text, long expected)
    {
        Assert.True(Interval.TryParseMs(text, out long ms));
        Assert.Equal(expected, ms);
    }

    [Fact]
    public void TryParseMs_Garbage_Fails() => Assert.False(Interval.TryParseMs("often", out _));
}
