using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Concord.Configuration;

/// <summary>
/// An immutable list with value equality, so records that hold lists compare by content
/// (a parsed file equals the same file written and parsed again). <c>default</c> is empty.
/// </summary>
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public readonly struct EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
{
    private readonly ImmutableArray<T> _items;

    public EquatableList(IEnumerable<T> items) => _items = [.. items];

    public static EquatableList<T> Empty => default;

    private ImmutableArray<T> Items => _items.IsDefault ? [] : _items;

    public int Count => Items.Length;

    public T this[int index] => Items[index];

    public bool Equals(EquatableList<T> other) => Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => obj is EquatableList<T> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (T item in Items) hash.Add(item);
        return hash.ToHashCode();
    }

    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    public static bool operator ==(EquatableList<T> left, EquatableList<T> right) => left.Equals(right);

    public static bool operator !=(EquatableList<T> left, EquatableList<T> right) => !left.Equals(right);

    public static implicit operator EquatableList<T>(T[] items) => new(items);

    public static implicit operator EquatableList<T>(List<T> items) => new(items);

    public override string ToString() => $"[{string.Join(", ", Items)}]";
}

/// <summary>Builds <see cref="EquatableList{T}"/> from collection expressions: <c>EquatableList&lt;int&gt; x = [1, 2];</c>.</summary>
public static class EquatableList
{
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items) => new(items.ToArray());
}
