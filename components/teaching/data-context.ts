'use client';
import { createContext } from 'react';

/** The loaded file, for the labels and handouts of the teaching views. */
export const TeachingDataContext = createContext<{ name: string; sha256: string; isBundled: boolean } | undefined>(undefined);
