import * as ts from 'typescript';

/** An OpenAPI 3.0 schema object (the subset this converter writes). */
export interface Schema {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  enum?: unknown[];
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  description?: string;
  format?: string;
}

/**
 * Turns TypeScript types (the contract's wire interfaces, as the type checker sees them) into
 * OpenAPI schemas. Named interfaces and type aliases become components (`#/components/schemas/X`)
 * so that the document and the clients generated from it keep their names; anonymous object types
 * are written inline. Only what travels as JSON is described: functions are left out.
 */
export class TypeToSchema {
  readonly components: Record<string, Schema> = {};
  private readonly naming = new Map<ts.Symbol, string>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly checker: ts.TypeChecker) {}

  schemaOf(type: ts.Type, depth = 0): Schema {
    if (depth > 40) return {};
    const c = this.checker;
    const f = type.flags;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return {};
    if (f & ts.TypeFlags.StringLiteral) return { type: 'string', enum: [(type as ts.StringLiteralType).value] };
    if (f & ts.TypeFlags.NumberLiteral) return { type: 'number', enum: [(type as ts.NumberLiteralType).value] };
    if (f & ts.TypeFlags.BooleanLiteral) return { type: 'boolean', enum: [c.typeToString(type) === 'true'] };
    if (f & ts.TypeFlags.String || f & ts.TypeFlags.TemplateLiteral) return { type: 'string' };
    if (f & ts.TypeFlags.Number) return { type: 'number' };
    if (f & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (f & ts.TypeFlags.BigInt) return { type: 'integer' };
    if (f & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return { nullable: true };
    if (type.isUnion()) return this.unionOf(type, depth);

    const named = this.componentName(type);
    if (named) {
      const ref = { $ref: `#/components/schemas/${named}` };
      if (this.components[named] || this.inProgress.has(named)) return ref;
      this.inProgress.add(named);
      this.components[named] = this.structureOf(type, depth + 1);
      this.inProgress.delete(named);
      return ref;
    }
    return this.structureOf(type, depth + 1);
  }

  private structureOf(type: ts.Type, depth: number): Schema {
    const c = this.checker;
    if (c.isArrayType(type) || c.isTupleType(type)) {
      const args = c.getTypeArguments(type as ts.TypeReference);
      if (c.isTupleType(type)) return { type: 'array', items: args.length ? this.oneOf(args, depth) : {} };
      return { type: 'array', items: args[0] ? this.schemaOf(args[0], depth) : {} };
    }
    if (type.isUnion()) return this.unionOf(type, depth);
    if (type.getSymbol()?.getName() === 'Date') return { type: 'string', format: 'date-time' };
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of c.getPropertiesOfType(type)) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration
        ? c.getTypeOfSymbolAtLocation(property, declaration)
        : c.getDeclaredTypeOfSymbol(property);
      if (propertyType.getCallSignatures().length > 0) continue;
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const schema = this.schemaOf(optional ? c.getNonNullableType(propertyType) : propertyType, depth);
      const doc = ts.displayPartsToString(property.getDocumentationComment(c)).trim();
      properties[property.getName()] = doc && !schema.$ref ? { ...schema, description: doc } : schema;
      if (!optional) required.push(property.getName());
    }
    const schema: Schema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    const index = type.getStringIndexType() ?? type.getNumberIndexType();
    if (index) schema.additionalProperties = this.schemaOf(index, depth);
    return schema;
  }

  private unionOf(type: ts.UnionType, depth: number): Schema {
    const members = type.types.filter(
      (t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)),
    );
    const nullable = members.length < type.types.length;
    const withNull = (s: Schema): Schema => (nullable ? nullableOf(s) : s);
    if (members.length === 0) return { nullable: true };
    // A named union (e.g. `RunStatus`) keeps its name.
    const named = this.componentName(type);
    if (named && !nullable) {
      if (!this.components[named]) this.components[named] = this.membersOf(members, depth);
      return { $ref: `#/components/schemas/${named}` };
    }
    return withNull(this.membersOf(members, depth));
  }

  private membersOf(members: ts.Type[], depth: number): Schema {
    if (members.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (members.every((t) => t.flags & ts.TypeFlags.StringLiteral)) {
      return { type: 'string', enum: members.map((t) => (t as ts.StringLiteralType).value) };
    }
    if (members.every((t) => t.flags & ts.TypeFlags.NumberLiteral)) {
      return { type: 'number', enum: members.map((t) => (t as ts.NumberLiteralType).value) };
    }
    if (members.length === 1) return this.schemaOf(members[0], depth);
    return this.oneOf(members, depth);
  }

  private oneOf(types: readonly ts.Type[], depth: number): Schema {
    // `true | false` inside a wider union is one boolean, not two enum members.
    const booleans = types.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    const others = types.filter((t) => !(t.flags & ts.TypeFlags.BooleanLiteral));
    const schemas = others.map((t) => this.schemaOf(t, depth));
    if (booleans.length === 2) schemas.push({ type: 'boolean' });
    else for (const b of booleans) schemas.push(this.schemaOf(b, depth));
    return schemas.length === 1 ? schemas[0] : { oneOf: schemas };
  }

  /** The component name of a named, non-generic interface or type alias of our own code. */
  private componentName(type: ts.Type): string | null {
    const symbol = type.aliasSymbol ?? type.getSymbol();
    if (!symbol || (type.aliasTypeArguments?.length ?? 0) > 0) return null;
    if ((type as ts.TypeReference).typeArguments?.length) return null;
    const name = symbol.getName();
    if (name.startsWith('__') || !/^[A-Z]/.test(name)) return null;
    const declaration = symbol.declarations?.[0];
    if (!declaration) return null;
    const file = declaration.getSourceFile().fileName;
    if (file.includes('/node_modules/')) return null;
    if (
      !ts.isInterfaceDeclaration(declaration) &&
      !ts.isTypeAliasDeclaration(declaration) &&
      !ts.isClassDeclaration(declaration)
    ) {
      return null;
    }
    const known = this.naming.get(symbol);
    if (known) return known;
    let unique = name;
    for (let i = 2; [...this.naming.values()].includes(unique); i++) unique = `${name}${i}`;
    this.naming.set(symbol, unique);
    return unique;
  }
}

function nullableOf(schema: Schema): Schema {
  // OpenAPI 3.0 cannot put `nullable` next to a $ref: wrap it.
  return schema.$ref ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
}
