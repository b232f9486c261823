/**
 * Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the
 * stack). Only arcs inside a component lie on a cycle, so only they can be set off; the
 * rest is left out of the simplex. Components come numbered in reverse topological order:
 * an arc between two components always runs from the higher number to the lower.
 */
export function stronglyConnectedComponents(
  nodeCount: number,
  source: Int32Array,
  target: Int32Array,
  usable: (arc: number) => boolean,
): { component: Int32Array; count: number } {
  // Adjacency in compressed rows: out-arcs of u are adjTarget[start[u] .. start[u+1]).
  const start = new Int32Array(nodeCount + 1);
  for (let a = 0; a < source.length; a++) if (usable(a)) start[source[a] + 1]++;
  for (let u = 0; u < nodeCount; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nodeCount);
  const adjTarget = new Int32Array(start[nodeCount]);
  for (let a = 0; a < source.length; a++) if (usable(a)) adjTarget[fill[source[a]]++] = target[a];

  const order = new Int32Array(nodeCount).fill(-1); // discovery index
  const low = new Int32Array(nodeCount);
  const component = new Int32Array(nodeCount).fill(-1);
  const stack = new Int32Array(nodeCount); // Tarjan's stack of open nodes
  const callNode = new Int32Array(nodeCount); // explicit DFS call stack
  const callEdge = new Int32Array(nodeCount); // next adjacency position per frame
  let top = 0;
  let counter = 0;
  let count = 0;
  for (let root = 0; root < nodeCount; root++) {
    if (order[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = start[root];
    order[root] = low[root] = counter++;
    stack[top++] = root;
    while (depth >= 0) {
      const u = callNode[depth];
      const e = callEdge[depth];
      if (e < start[u + 1]) {
        callEdge[depth] = e + 1;
        const v = adjTarget[e];
        if (order[v] === -1) {
          order[v] = low[v] = counter++;
          stack[top++] = v;
          depth++;
          callNode[depth] = v;
          callEdge[depth] = start[v];
        } else if (component[v] === -1 && order[v] < low[u]) {
          low[u] = order[v];
        }
        continue;
      }
      if (low[u] === order[u]) {
        let w: number;
        do {
          w = stack[--top];
          component[w] = count;
        } while (w !== u);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[u] < low[parent]) low[parent] = low[u];
      }
    }
  }
  return { component, count };
}
