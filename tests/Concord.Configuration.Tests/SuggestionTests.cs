using Concord.Configuration.Binding;

namespace Concord.Configuration.Tests;

[Trait("Category", "Unit")]
public sealed class SuggestionTests
{
    [Theory]
    [InlineData("tokn", "token")]
    [InlineData("Token", "token")]
    [InlineData("consnesus", "consensus")]
    [InlineData("crypto_chiper", "crypto_cipher")]
    [InlineData("window-size", "window_size")]
    [InlineData("xyzzy", null)]
    public void Closest_Typo_FindsIntendedKey(string typo, string? expected)
    {
        string[] keys = ["token", "consensus", "crypto_cipher", "crypto_hash", "window_size", "join", "hold"];

        Assert.Equal(expected, Suggestions.Closest(typo, keys));
    }

    [Fact]
    public void Distance_Transposition_CountsAsOne()
    {
        Assert.Equal(1, Suggestions.Distance("jion", "join"));
        Assert.Equal(3, Suggestions.Distance("", "abc"));
    }
}
