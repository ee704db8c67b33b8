using Concord.Core;

namespace Concord.Totem.Tests;

[Trait("Category", "Unit")]
public sealed class TotemOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(new TotemOptions().Validate());
    }

    [Theory]
    [InlineData(3000, 3000)]
    [InlineData(3000, 2000)]
    [InlineData(1000, 1)]
    public void Validate_ConsensusNotAboveToken_ErrorNamesConsensusAndToken(int tokenMs, int consensusMs)
    {
        var errors = new TotemOptions { TokenMs = tokenMs, ConsensusMs = consensusMs }.Validate();

        var error = Assert.Single(errors);
        Assert.StartsWith("consensus", error, StringComparison.Ordinal);
        Assert.Contains("token", error, StringComparison.Ordinal);
        Assert.Contains(consensusMs.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConsensusAboveToken_NoErrors()
    {
        Assert.Empty(new TotemOptions { TokenMs = 3000, ConsensusMs = 3001 }.Validate());
    }

    [Fact]
    public void Validate_DerivedConsensus_IsAboveToken()
    {
        var options = new TotemOptions { TokenMs = 5000 };

        Assert.Empty(options.Validate());
        Assert.True(options.EffectiveConsensusMs > options.TokenMs);
    }

    [Theory]
    [InlineData("token", nameof(TotemOptions.TokenMs), 0)]
    [InlineData("join", nameof(TotemOptions.JoinMs), 0)]
    [InlineData("merge", nameof(TotemOptions.MergeMs), -5)]
    [InlineData("hold", nameof(TotemOptions.HoldMs), 0)]
    [InlineData("window_size", nameof(TotemOptions.WindowSize), 0)]
    [InlineData("max_messages", nameof(TotemOptions.MaxMessages), 0)]
    [InlineData("fail_recv_const", nameof(TotemOptions.FailRecvConst), 0)]
    [InlineData("consensus", nameof(TotemOptions.ConsensusMs), -1)]
    [InlineData("token_coefficient", nameof(TotemOptions.TokenCoefficientMs), -1)]
    [InlineData("netmtu", nameof(TotemOptions.NetMtu), 100)]
    public void Validate_BadValue_ErrorNamesTheCorosyncOption(string optionName, string property, int value)
    {
        var options = new TotemOptions();
        typeof(TotemOptions).GetProperty(property)!.GetSetMethod(nonPublic: true)!.Invoke(options, [value]);

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith(optionName + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HoldNotBelowTokenRetransmit_ErrorNamesHold()
    {
        var errors = new TotemOptions { TokenMs = 1000, HoldMs = 500 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("hold", StringComparison.Ordinal) && e.Contains("token_retransmit", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MaxMessagesAboveWindow_ErrorNamesBoth()
    {
        var errors = new TotemOptions { WindowSize = 10, MaxMessages = 11 }.Validate();

        Assert.Contains(errors, e => e.StartsWith("max_messages", StringComparison.Ordinal) && e.Contains("window_size", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var bad = new TotemOptions { TokenMs = 3000, ConsensusMs = 3000 };

        var ex = Assert.Throws<ArgumentException>(() => new TotemProcessor(new NodeId(1), [new NodeId(1)], bad, new RecordingHost()));

        Assert.Contains("consensus", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveTokenMs_LargerNodelist_AddsCoefficientPerNodeBeyondTwo()
    {
        var options = new TotemOptions { TokenMs = 3000, TokenCoefficientMs = 650 };

        Assert.Equal(3000, options.EffectiveTokenMs(2));
        Assert.Equal(3000 + (3 * 650), options.EffectiveTokenMs(5));
    }
}
