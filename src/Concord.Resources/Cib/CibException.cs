namespace Concord.Resources.Cib;

/// <summary>The CIB XML is invalid or uses something Concord cannot read; the message names the element and line.</summary>
public sealed class CibException : Exception
{
    public CibException(string message) : base(message)
    {
    }

    public CibException(string message, Exception inner) : base(message, inner)
    {
    }

    public CibException()
    {
    }
}
