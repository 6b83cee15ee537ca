"""Live training runs: experiments, their state, the store that holds them, and the stream that trains them."""
