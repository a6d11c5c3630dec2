//! Queueing and scaling: Erlang C (M/M/c) waiting probability, mean and percentile response
//! times, and Universal Scalability Law capacity.
