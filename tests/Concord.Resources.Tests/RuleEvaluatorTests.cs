using Concord.Resources.Scheduling;

namespace Concord.Resources.Tests;

[Trait("Category", "Unit")]
public sealed class RuleEvaluatorTests
{
    [Theory]
    [InlineData("8", "16", null, "lt", true)]
    [InlineData("8", "16", "string", "lt", false)]
    [InlineData("8.5", "16", null, "lt", true)]
    [InlineData("abc", "ABC", null, "eq", true)]
    [InlineData(null, "x", null, "ne", true)]
    [InlineData(null, "x", null, "lt", false)]
    [InlineData("2.10", "2.9", "version", "gt", true)]
    [InlineData("x", null, null, "defined", true)]
    [InlineData(null, null, null, "not_defined", true)]
    public void Accept_Expression_MatchesPacemaker(string? left, string? right, string? type, string op, bool expected) =>
        Assert.Equal(expected, RuleEvaluator.Accept(left, right, type, op));
}
