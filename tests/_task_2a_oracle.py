"""The Task 2a nets in mpmath: exact outputs and gradients, and the same sums taken in absolute values.

An independent oracle for the fuzz tests: the forward pass and the back-propagation written out step by
step at high precision for one net (``S = 1``), from the float weights taken exactly. Beside each gradient
it forms the same computation with every term replaced by its size (``sizes``): the scale against which a
float64 evaluation's rounding error is measured where terms of opposite sign cancel.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

DIGITS = 60


def _sigma(x):
    return 1 / (1 + mpmath.exp(-x))


def _slope(x):
    e = mpmath.exp(-abs(x))
    return e / (1 + e) ** 2


@dataclass
class Exact:
    """Outputs ``(T, K)``, hidden activations or states ``(T,)``, the loss, each weight array's gradient
    and the sizes version of each gradient (all mpmath numbers in nested lists), the largest sum of the sizes of a
    net input's terms (over all net inputs, and over the hidden unit's or the gate's and cell input's alone),
    and the flow's log10 with the sum of the sizes of the log10s it adds (see ``_flow``)."""

    outputs: list
    hidden: list
    loss: object
    gradients: list
    sizes: list
    largest_net: object
    largest_hidden: object
    flow: object
    flow_terms: object


def _flow(learner, first, second, symbols, nets):
    """log10 of the flow's size and the sum of the sizes of its terms: for BPTT the T - 1 factors
    r sigma'(net(t)), t < T - 1, each as log10 sigma' + log10 |r| (-inf for r = 0); for the cell
    sigma(v_u(0)) sigma'(c_u(0))."""
    if learner == "cell":
        u = symbols[0]
        terms = [mpmath.log10(_sigma(first[u])), mpmath.log10(_slope(second[u]))]
    else:
        steps_back = len(nets) - 1
        if steps_back and second == 0:
            return mpmath.ninf, mpmath.mpf(0)
        log_r = mpmath.log10(abs(second)) if steps_back else mpmath.mpf(0)
        terms = [mpmath.log10(_slope(x)) for x in nets[:-1]] + [log_r] * steps_back
    return mpmath.fsum(terms), mpmath.fsum(abs(v) for v in terms)


def _forward(learner, first, second, out, symbols):
    """Net inputs of the hidden unit, activations (or states), outputs, output errors at the net input and
    their sizes, the loss and the largest sum of the sizes of a net input's terms."""
    k, steps = len(first), len(symbols) - 1
    nets, hidden, outputs, errors, sizes = [], [], [], [], []
    z, largest, loss, hidden_largest = mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(0), mpmath.mpf(0)
    for t in range(steps):
        u, target = symbols[t], symbols[t + 1]
        if learner == "bptt":  # second: r
            nets.append(first[u] + second * z)
            hidden_largest = max(
                hidden_largest, abs(first[u]) + abs(second * z)
            )  # its terms' sizes
            z = _sigma(nets[-1])
        else:  # second: cell_in; the state carries the sum
            z = z + _sigma(first[u]) * _sigma(second[u])
            hidden_largest = max(hidden_largest, abs(first[u]), abs(second[u]))
        largest = max(largest, hidden_largest)
        hidden.append(z)
        row, e_row, a_row = [], [], []
        for j in range(k):
            o = out[j][u] + out[j][k] * z
            largest = max(largest, abs(out[j][u]) + abs(out[j][k] * z))
            # y - 1 as -sigma(-o): at 60 digits y - 1 cancels to 0 beyond o of about 138
            diff = -_sigma(-o) if j == target else _sigma(o)
            loss += diff**2 / 2
            row.append(_sigma(o))
            e_row.append(diff * _slope(o))
            a_row.append(abs(diff) * _slope(o))
        outputs.append(row)
        errors.append(e_row)
        sizes.append(a_row)
    return nets, hidden, outputs, errors, sizes, loss, largest, hidden_largest


def _output_gradient(out, symbols, hidden, errors):
    k = len(out)
    grad = [[mpmath.mpf(0)] * (k + 1) for _ in range(k)]
    for t, row in enumerate(errors):
        for j in range(k):
            grad[j][symbols[t]] += row[j]
            grad[j][k] += row[j] * hidden[t]
    return grad


def _to_hidden(out, errors):
    k = len(out)
    return [sum(row[j] * out[j][k] for j in range(k)) for row in errors]


def _bptt_gradient(first, r, symbols, nets, hidden, to_z):
    k, zero = len(first), mpmath.mpf(0)
    g_first, g_r, delta = [zero] * k, zero, zero
    for t in range(len(nets) - 1, -1, -1):
        delta = (to_z[t] + r * delta) * _slope(nets[t])
        g_first[symbols[t]] += delta
        g_r += delta * (hidden[t - 1] if t else zero)
    return [g_first, g_r]


def _cell_gradient(first, cell, symbols, to_s):
    k, zero = len(first), mpmath.mpf(0)
    g_gate, g_cell, carried = [zero] * k, [zero] * k, zero
    for t in range(len(to_s) - 1, -1, -1):
        u = symbols[t]
        carried += to_s[t]
        g_cell[u] += carried * _sigma(first[u]) * _slope(cell[u])
        g_gate[u] += carried * _sigma(cell[u]) * _slope(first[u])
    return [g_gate, g_cell]


def exact(learner: str, arrays: list[np.ndarray], symbols: list[int]) -> Exact:
    """``arrays``: (hidden_in, self_weight, output) of a BPTT net or (gate_in, cell_in, output) of a cell
    net, each with its seed axis of length 1; ``symbols``: one sequence of ``T + 1`` symbol numbers.

    The sizes version is the same back-propagation from the output errors' sizes through the weights'
    sizes.
    """
    with mpmath.workdps(DIGITS):
        first = [mpmath.mpf(float(v)) for v in arrays[0][0]]
        out = [[mpmath.mpf(float(v)) for v in row] for row in arrays[2][0]]
        second = (
            mpmath.mpf(float(arrays[1][0]))
            if learner == "bptt"
            else [mpmath.mpf(float(v)) for v in arrays[1][0]]
        )
        nets, hidden, outputs, errors, sizes, loss, largest, hidden_largest = _forward(
            learner, first, second, out, symbols
        )
        result = []
        for errs, sign in ((errors, lambda v: v), (sizes, abs)):
            w_out = [[sign(v) for v in row] for row in out]
            to_z = _to_hidden(w_out, errs)
            if learner == "bptt":
                grads = _bptt_gradient(first, sign(second), symbols, nets, hidden, to_z)
            else:
                grads = _cell_gradient(first, second, symbols, to_z)
            result.append([*grads, _output_gradient(out, symbols, hidden, errs)])
        flow, flow_terms = _flow(learner, first, second, symbols, nets)
        return Exact(
            outputs, hidden, loss, result[0], result[1], largest, hidden_largest, flow, flow_terms
        )
