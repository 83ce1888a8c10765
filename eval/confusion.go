package eval

import "github.com/stance-project/stance/corpus"

// A Confusion counts items by gold class (row) and predicted class
// (column), both in the order of Classes.
type Confusion [4][4]int

// Add counts one item.
func (c *Confusion) Add(gold, pred corpus.Label) {
	c[classIndex(gold)][classIndex(pred)]++
}

// Total returns the number of items counted.
func (c *Confusion) Total() int {
	n := 0
	for _, row := range c {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// Gold returns the number of items whose gold class is l (the support of l).
func (c *Confusion) Gold(l corpus.Label) int {
	n := 0
	for _, v := range c[classIndex(l)] {
		n += v
	}
	return n
}

// Predicted returns the number of items predicted as l.
func (c *Confusion) Predicted(l corpus.Label) int {
	j, n := classIndex(l), 0
	for i := range c {
		n += c[i][j]
	}
	return n
}

// Correct returns the number of items whose prediction equals the gold class.
func (c *Confusion) Correct() int {
	n := 0
	for i := range c {
		n += c[i][i]
	}
	return n
}

// HasUnrelated reports whether any item has Unrelated as its gold or
// predicted class.
func (c *Confusion) HasUnrelated() bool {
	return c.Gold(corpus.Unrelated)+c.Predicted(corpus.Unrelated) > 0
}
