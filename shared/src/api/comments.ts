/** Route contracts of comment threads (schemas in review.ts, which the socket events share). */
import { z } from 'zod';
import { planParams } from './auth.ts';
import { defineRoute } from './contract.ts';
import { Comment, CommentCreateBody, CommentEditBody, CommentList, CommentListQuery, commentParams } from './review.ts';

const threadState = (action: 'resolve' | 'reopen') =>
  defineRoute({
    method: 'POST',
    path: `/api/plans/:planId/comments/:commentId/${action}`,
    summary: action === 'resolve' ? "Resolve a comment's thread" : "Reopen a comment's thread",
    tags: ['comments'],
    params: commentParams,
    response: { 200: Comment },
  });

export const commentRoutes = {
  list: defineRoute({
    method: 'GET',
    path: '/api/plans/:planId/comments',
    summary: "The plan's comments changed after a cursor (deletions as tombstones)",
    tags: ['comments'],
    params: planParams,
    query: CommentListQuery,
    response: { 200: CommentList },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/plans/:planId/comments',
    summary: 'Start a thread (with an anchor) or reply (with parentId)',
    tags: ['comments'],
    params: planParams,
    body: CommentCreateBody,
    response: { 201: Comment },
  }),
  edit: defineRoute({
    method: 'PATCH',
    path: '/api/plans/:planId/comments/:commentId',
    summary: 'Edit one’s own comment',
    tags: ['comments'],
    params: commentParams,
    body: CommentEditBody,
    response: { 200: Comment },
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: '/api/plans/:planId/comments/:commentId',
    summary: 'Delete one’s own comment (it stays as a tombstone)',
    tags: ['comments'],
    params: commentParams,
    response: { 204: z.null() },
  }),
  resolve: threadState('resolve'),
  reopen: threadState('reopen'),
};
